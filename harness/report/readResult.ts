import { RESULT_SCHEMA, RESULT_VERSION, type RunResult } from "./RunResult";

/** Parses result.json, refusing files of another schema or a newer version than this code renders. */
export function readResult(text: string): RunResult {
  const data = JSON.parse(text) as Partial<RunResult>;
  if (data.schema !== RESULT_SCHEMA) throw new Error(`not a session-harness result (schema ${String(data.schema)})`);
  if (data.version !== RESULT_VERSION) {
    throw new Error(`result version ${String(data.version)} is not supported: this harness reads version ${RESULT_VERSION}`);
  }
  return data as RunResult;
}
