import { RESULT_SCHEMA, RESULT_VERSION, type RunResult } from "./RunResult";

/** Every field the renderers read; a result.json without one of them cannot be re-rendered. */
const REQUIRED = [
  "runId",
  "scenario",
  "status",
  "verdict",
  "startedAt",
  "finishedAt",
  "config.cluster",
  "config.load",
  "app.store",
  "app.knobs",
  "cluster.parts",
  "faults",
  "metrics.logouts",
  "metrics.flows",
  "metrics.replicaResponses",
  "metrics.app",
  "anomalies.byKind",
  "anomalies.byCause",
  "anomalies.byReplicaPair",
  "anomalies.byFaultWindow",
  "anomalies.explanations",
  "gates",
  "notes",
  "k6",
] as const;

function at(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split(".")) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * Parses result.json, refusing files of another schema or version, and files
 * missing a field the report is made from (one message naming the first).
 */
export function readResult(text: string): RunResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON (${(err as Error).message})`);
  }
  const schema = at(data, "schema");
  const version = at(data, "version");
  if (schema !== RESULT_SCHEMA) throw new Error(`not a session-harness result (schema ${String(schema)})`);
  if (version === 1) throw new Error("result version 1 was written before the history checker: its numbers are not comparable; run the scenario again to get version 2");
  // Version 2 is version 3 without `plumbing`, which is optional: read as is.
  if (version !== RESULT_VERSION && version !== 2) throw new Error(`result version ${String(version)} is not supported: this harness reads versions 2 and ${RESULT_VERSION}`);
  const missing = REQUIRED.find((path) => at(data, path) === undefined);
  if (missing !== undefined) throw new Error(`${missing} is missing: the file is damaged or was not written by the harness`);
  return { ...(data as RunResult), version: RESULT_VERSION };
}
