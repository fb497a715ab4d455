import { type ClusterDescription } from "../cluster/Cluster";
import { type RunConfig } from "../config/RunConfig";
import { runNotes } from "./runNotes";
import { faultWindows } from "./faultWindows";
import { summarizeAnomalies } from "./summarizeAnomalies";
import {
  type RateStats,
  RESULT_SCHEMA,
  RESULT_VERSION,
  type RunMetrics,
  type RunResult,
  type RunStatus,
  type Verdict,
} from "./RunResult";
import { type AttributableAnomaly } from "./attributeAnomalies";
import { type SummaryView } from "./SummaryView";

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
  anomalies: readonly AttributableAnomaly[];
  k6ExitCode: number | null;
  faults?: RunResult["faults"];
  /** Counters scraped from the replicas' /metrics, summed. */
  app?: Record<string, number>;
}

export const FLOW_STEPS = ["login", "dashboard", "write", "read_after_write", "concurrent_write", "logout", "iteration"] as const;

const defined = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

function optionalRate(summary: SummaryView | undefined, name: string): RateStats | undefined {
  const r = summary?.rate(name);
  if (!r) return undefined;
  const total = r.passes + r.fails;
  return { rate: total === 0 ? 0 : r.passes / total, hits: r.passes, total };
}

function rateStats(summary: SummaryView | undefined, name: string): RateStats {
  return optionalRate(summary, name) ?? { rate: 0, hits: 0, total: 0 };
}

export function aggregateMetrics(summary: SummaryView | undefined, app: Record<string, number> = {}): RunMetrics {
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
    ...defined("staleReads", optionalRate(summary, "session_stale_reads")),
    ...defined("lostUpdates", optionalRate(summary, "session_lost_updates")),
    ...defined("monotonicViolations", optionalRate(summary, "session_monotonic_violations")),
    ...(summary?.has("session_stale_reads") ? { staleReadsByKind: summary.tagCounts("session_stale_reads_by_kind", "kind") } : {}),
    app,
  };
}

/** The always-true thresholds a scenario declares only so k6 reports per-replica counts. */
function isBookkeeping(metric: string): boolean {
  return /^(replica_responses|session_stale_reads_by_kind)\{/.test(metric);
}

function verdictOf(status: RunStatus, gatesOk: boolean): Verdict {
  if (status === "aborted") return "aborted";
  if (status === "failed") return "error";
  return gatesOk ? "pass" : "fail";
}

/** collect → aggregate: k6's summary and the anomaly lines become one result. Pure. */
export function aggregate(input: AggregateInput): RunResult {
  const metrics = aggregateMetrics(input.summary, input.app);
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
    anomalies: summarizeAnomalies(input.anomalies, {
      store: input.config.cluster.store,
      faults: faultWindows(input.faults ?? [], input.finishedAt.getTime()),
    }),
    gates,
    verdict: verdictOf(status, gates.every((g) => g.ok)),
    notes: runNotes(input.config, metrics),
    k6: { exitCode: input.k6ExitCode },
    ...(input.error || (status === "failed" && !input.summary)
      ? { error: input.error ?? "k6 wrote no summary; see k6.log" }
      : {}),
  };
}
