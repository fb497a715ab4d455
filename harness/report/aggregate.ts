import { type ClusterDescription } from "../cluster/Cluster";
import { type RunConfig } from "../config/RunConfig";
import { type CrossChecks } from "../history/crossChecks";
import { type HistoryVerdict, type RateCount } from "../history/checkHistory";
import { faultWindows } from "./faultWindows";
import { baselineGates, compareBaseline } from "./compareBaseline";
import { evaluateGates } from "./gates";
import { runNotes } from "./runNotes";
import { summarizeAnomalies } from "./summarizeAnomalies";
import {
  type AnomalySummary,
  type AppInfo,
  type RateStats,
  RESULT_SCHEMA,
  RESULT_VERSION,
  type RunMetrics,
  type RunResult,
  type RunStatus,
  type Timeline,
  type Verdict,
} from "./RunResult";
import { type SummaryView } from "./SummaryView";

export interface AggregateInput {
  runId: string;
  config: RunConfig;
  app: AppInfo;
  cluster: ClusterDescription;
  startedAt: Date;
  finishedAt: Date;
  status: RunStatus;
  error?: string;
  /** Absent when k6 never wrote a summary (it failed to start, or was killed). */
  summary: SummaryView | undefined;
  /** The history checker's verdict over every operation of the run (its anomalies listed, or summarized in `anomalySummary`). */
  history: Omit<HistoryVerdict, "anomalies"> & { anomalies?: HistoryVerdict["anomalies"] };
  /** Counted as the history streamed (collectHistory); else summarized from history.anomalies. */
  anomalySummary?: AnomalySummary;
  crossChecks?: CrossChecks;
  k6ExitCode: number | null;
  faults?: RunResult["faults"];
  /** Counters scraped from the replicas, summed. */
  appMetrics?: Record<string, number>;
  timeline?: Timeline;
  /** An earlier run to compare with (--baseline), as read from its result.json. */
  baseline?: { path: string; result: RunResult };
}

export const FLOW_STEPS = ["login", "dashboard", "write", "read_after_write", "concurrent_write", "logout", "iteration"] as const;

const defined = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

function rate(c: RateCount): RateStats;
function rate(c: RateCount | undefined): RateStats | undefined;
function rate(c: RateCount | undefined): RateStats | undefined {
  return c === undefined ? undefined : { rate: c.total === 0 ? 0 : c.hits / c.total, hits: c.hits, total: c.total };
}

/** k6's summary gives the load (requests, timings); the history gives every session number. */
export function aggregateMetrics(summary: SummaryView | undefined, h: AggregateInput["history"], app: Record<string, number> = {}): RunMetrics {
  const flows: RunMetrics["flows"] = {};
  for (const step of FLOW_STEPS) {
    const t = summary?.trend(`flow_${step}`);
    if (t) flows[step] = t;
  }
  const completed = summary?.counter("flows_completed");
  // Without k6's summary (k6 killed) the load figures come from the history.
  const reqs = summary?.counter("http_reqs") ?? { count: h.serverErrors.total, rate: h.spanMs > 0 ? (h.serverErrors.total * 1000) / h.spanMs : 0 };
  return {
    loadSource: summary ? "k6" : "history",
    requests: reqs.count,
    requestsPerSecond: reqs.rate,
    latency: (summary ? summary.trend("http_req_duration") : h.requestTimes) ?? null,
    flowsCompleted: completed?.count ?? 0,
    flowsPerSecond: completed?.rate ?? 0,
    flows,
    logouts: rate(h.logouts),
    loginFailures: rate(h.loginFailures),
    serverErrors: rate(h.serverErrors),
    ...defined("staleReads", rate(h.staleReads)),
    ...defined("staleReadsByKind", h.staleReads?.byKind),
    ...defined("lostUpdates", rate(h.lostUpdates)),
    ...defined("monotonicViolations", rate(h.monotonicViolations)),
    ...defined("foreignData", rate(h.foreignData)),
    unresolved: h.unresolved,
    app,
    replicaResponses: h.replicaResponses,
  };
}

function verdictOf(status: RunStatus, gatesOk: boolean): Verdict {
  if (status === "aborted") return "aborted";
  if (status === "failed") return "error";
  return gatesOk ? "pass" : "fail";
}

/** collect → aggregate: k6's summary and the history's verdict become one result. Pure. */
export function aggregate(input: AggregateInput): RunResult {
  const metrics = aggregateMetrics(input.summary, input.history, input.appMetrics);
  const baseline = input.baseline && compareBaseline(input.baseline.result, input.baseline.path, metrics, { ...input.baseline.result, app: input.app, scenario: input.config.scenario, config: input.config });
  const gates = [...evaluateGates(metrics, input.config.gates, input.summary), ...(baseline ? baselineGates(baseline) : [])];
  const status = input.status === "completed" && !input.summary ? "failed" : input.status;
  const anomalies =
    input.anomalySummary ??
    summarizeAnomalies(input.history.anomalies ?? [], { storeShared: input.app.store.shared, faults: faultWindows(input.faults ?? [], input.finishedAt.getTime()) });
  return {
    schema: RESULT_SCHEMA,
    version: RESULT_VERSION,
    runId: input.runId,
    scenario: input.config.scenario,
    status,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    config: input.config,
    app: input.app,
    cluster: input.cluster,
    faults: input.faults ?? [],
    metrics,
    anomalies,
    crossChecks: input.crossChecks ?? {},
    gates,
    ...(baseline ? { baseline } : {}),
    ...(input.timeline ? { timeline: input.timeline } : {}),
    verdict: verdictOf(status, gates.every((g) => g.ok)),
    notes: runNotes(input.config, input.app, metrics, input.crossChecks ?? {}, input.faults ?? [], anomalies),
    k6: { exitCode: input.k6ExitCode },
    ...(input.error || (status === "failed" && !input.summary) ? { error: input.error ?? "k6 wrote no summary; see k6.log" } : {}),
  };
}
