import { type ClusterDescription } from "../cluster/Cluster";
import { type RunConfig } from "../config/RunConfig";
import { runNotes } from "./runNotes";
import {
  type AnomalySummary,
  type RateStats,
  RESULT_SCHEMA,
  RESULT_VERSION,
  type RunMetrics,
  type RunResult,
  type RunStatus,
  type Verdict,
} from "./RunResult";
import { type AnomalyLike, type SummaryView } from "./SummaryView";

export interface AggregateInput {
  runId: string;
  config: RunConfig;
  cluster: ClusterDescription;
  startedAt: Date;
  finishedAt: Date;
  status: RunStatus;
  error?: string;
  /** Absent when k6 never wrote a summary (it failed to start, or was killed). */
  summary: SummaryView | undefined;
  anomalies: readonly AnomalyLike[];
  k6ExitCode: number | null;
  faults?: RunResult["faults"];
}

export const FLOW_STEPS = ["login", "dashboard", "logout", "iteration"] as const;

function rateStats(summary: SummaryView | undefined, name: string): RateStats {
  const r = summary?.rate(name);
  if (!r) return { rate: 0, hits: 0, total: 0 };
  const total = r.passes + r.fails;
  return { rate: total === 0 ? 0 : r.passes / total, hits: r.passes, total };
}

export function aggregateMetrics(summary: SummaryView | undefined): RunMetrics {
  const flows: RunMetrics["flows"] = {};
  for (const step of FLOW_STEPS) {
    const t = summary?.trend(`flow_${step}`);
    if (t) flows[step] = t;
  }
  const reqs = summary?.counter("http_reqs");
  const completed = summary?.counter("flows_completed");
  return {
    requests: reqs?.count ?? 0,
    requestsPerSecond: reqs?.rate ?? 0,
    latency: summary?.trend("http_req_duration") ?? null,
    flowsCompleted: completed?.count ?? 0,
    flowsPerSecond: completed?.rate ?? 0,
    flows,
    logouts: rateStats(summary, "session_logouts"),
    loginFailures: rateStats(summary, "login_failures"),
    storeErrors: rateStats(summary, "session_store_errors"),
    replicaResponses: summary?.tagCounts("replica_responses", "replica") ?? {},
  };
}

export function summarizeAnomalies(anomalies: readonly AnomalyLike[]): AnomalySummary {
  const byKind: Record<string, number> = {};
  const pairs = new Map<string, { createdBy: string; answeredBy: string; count: number }>();
  for (const a of anomalies) {
    byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
    if (a.kind !== "logout") continue;
    const createdBy = a.createdBy ?? "?";
    const answeredBy = a.answeredBy ?? "?";
    const key = `${createdBy}\u0000${answeredBy}`;
    const pair = pairs.get(key) ?? { createdBy, answeredBy, count: 0 };
    pair.count++;
    pairs.set(key, pair);
  }
  const byReplicaPair = [...pairs.values()].sort((a, b) => b.count - a.count || a.createdBy.localeCompare(b.createdBy));
  return { total: anomalies.length, byKind, byReplicaPair };
}

/** The always-true thresholds a scenario declares only so k6 reports per-replica counts. */
function isBookkeeping(metric: string): boolean {
  return metric.startsWith("replica_responses{");
}

function verdictOf(status: RunStatus, gatesOk: boolean): Verdict {
  if (status === "aborted") return "aborted";
  if (status === "failed") return "error";
  return gatesOk ? "pass" : "fail";
}

/** collect → aggregate: k6's summary and the anomaly lines become one result. Pure. */
export function aggregate(input: AggregateInput): RunResult {
  const metrics = aggregateMetrics(input.summary);
  const gates = (input.summary?.thresholds() ?? [])
    .filter((g) => !isBookkeeping(g.metric))
    .sort((a, b) => a.metric.localeCompare(b.metric));
  const status = input.status === "completed" && !input.summary ? "failed" : input.status;
  return {
    schema: RESULT_SCHEMA,
    version: RESULT_VERSION,
    runId: input.runId,
    scenario: input.config.scenario,
    status,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    config: input.config,
    cluster: input.cluster,
    faults: input.faults ?? [],
    metrics,
    anomalies: summarizeAnomalies(input.anomalies),
    gates,
    verdict: verdictOf(status, gates.every((g) => g.ok)),
    notes: runNotes(input.config, metrics),
    k6: { exitCode: input.k6ExitCode },
    ...(input.error || (status === "failed" && !input.summary)
      ? { error: input.error ?? "k6 wrote no summary; see k6.log" }
      : {}),
  };
}
