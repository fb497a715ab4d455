import { RESULT_SCHEMA, RESULT_VERSION, type RunResult } from "./RunResult";

/** Parses result.json, refusing files of another schema or another version than this code renders. */
export function readResult(text: string): RunResult {
  const data = JSON.parse(text) as Partial<Omit<RunResult, "version">> & { version?: unknown };
  if (data.schema !== RESULT_SCHEMA) throw new Error(`not a session-harness result (schema ${String(data.schema)})`);
  if (data.version === 1) {
    throw new Error("result version 1 was written before the history checker: its numbers are not comparable; run the scenario again to get version 2");
  }
  if (data.version !== RESULT_VERSION) {
    throw new Error(`result version ${String(data.version)} is not supported: this harness reads version ${RESULT_VERSION}`);
  }
  return data as RunResult;
}
