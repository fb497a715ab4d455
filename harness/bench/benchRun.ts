import { DEFAULT_CLUSTER, DEFAULT_LOAD, replicaNames, type ClusterSpec, type RunConfig } from "../config/RunConfig";
import { parseDuration } from "../config/parseDuration";
import { parseFaultSpec } from "../faults/FaultSpec";
import { type RunResult } from "../report/RunResult";
import { runScenario } from "../run/runScenario";

export interface BenchRunSpec {
  scenario: string;
  cluster: Partial<ClusterSpec>;
  vus: number;
  duration: string;
  faults?: string[];
}

/** One full run for a benchmark or sweep; a run that errored or was interrupted is an error, not a number. */
export async function benchRun(spec: BenchRunSpec, reportsDir: string, signal: AbortSignal): Promise<RunResult> {
  const cluster = { ...DEFAULT_CLUSTER, ...spec.cluster };
  const config: RunConfig = {
    scenario: spec.scenario,
    cluster,
    load: { ...DEFAULT_LOAD, vus: spec.vus, duration: spec.duration, durationMs: parseDuration(spec.duration) ?? 0 },
    faults: (spec.faults ?? []).map((f) => parseFaultSpec(f, replicaNames(cluster.replicas), cluster.store)),
  };
  const { result } = await runScenario(config, { reportsDir, signal, log: () => {} });
  if (result.verdict === "error" || result.verdict === "aborted") {
    throw new Error(`run ${result.runId} ${result.verdict}: ${result.error ?? "see its report"}`);
  }
  return result;
}
