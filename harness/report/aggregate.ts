import { type ClusterDescription } from "../cluster/Cluster";
import { isBrowserScenario, type RunConfig } from "../config/RunConfig";
import { type CrossChecks } from "../history/crossChecks";
import { type HistoryVerdict, type RateCount } from "../history/checkHistory";
import { type PlumbingSection } from "../plumbing/PlumbingSection";
import { attributionContext } from "./attributionContext";
import { pct } from "./format";
import { baselineGates, compareBaseline } from "./compareBaseline";
import { evaluateGates } from "./gates";
import { plumbingNotes } from "./renderPlumbing";
import { evictionNote, type EvictionSummary } from "./evictions";
import { replicationNote, type ReplicationSummary } from "./replicationLag";
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
  type ClientRates,
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
  /** Browser scenarios: each kind of client's verdict on its own sessions. */
  byClient?: Partial<Record<"http" | "browser", Omit<HistoryVerdict, "anomalies">>>;
  /** An earlier run to compare with (--baseline), as read from its result.json. */
  baseline?: { path: string; result: RunResult };
  /** The harness's own network and parts (harness/plumbing/): a failure there voids the app's verdict. */
  plumbing?: PlumbingSection;
  /** How far the store's replica node ran behind its primary, when the topology has one (the first, with several). */
  replication?: ReplicationSummary;
  /** Every replica node's, when there are several. */
  replicationNodes?: ReplicationSummary[];
  /** What a store with a memory limit evicted and refused. */
  eviction?: EvictionSummary;
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
export function aggregateMetrics(summary: SummaryView | undefined, h: AggregateInput["history"], app: Record<string, number> = {}, countedRun = false): RunMetrics {
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
    ...defined("iterations", countedRun ? summary?.counter("iterations")?.count : undefined),
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

function clientRates(byClient: NonNullable<AggregateInput["byClient"]>): NonNullable<RunResult["byClient"]> {
  const out: NonNullable<RunResult["byClient"]> = {};
  for (const [client, h] of Object.entries(byClient) as [keyof typeof byClient, Omit<HistoryVerdict, "anomalies">][]) {
    out[client] = {
      requests: h.serverErrors.total,
      logouts: rate(h.logouts),
      loginFailures: rate(h.loginFailures),
      ...defined("staleReads", rate(h.staleReads)),
      ...defined("lostUpdates", rate(h.lostUpdates)),
    };
  }
  return out;
}

/**
 * A run whose users recorded nothing decided nothing, whatever its gates say:
 * every user failed before its first request (a browser that would not start,
 * a scenario error). Runs without a history (the bench's RECORD=off) are exempt.
 */
function silentClient(input: AggregateInput): string | undefined {
  if (input.config.load.record === false) return undefined;
  if (input.history.serverErrors.total === 0) return "the scenario's users recorded no request; see k6-console.log";
  if (isBrowserScenario(input.config.scenario) && input.byClient?.browser === undefined) return "the browser users recorded no request (did Chromium start?); see k6-console.log";
  return undefined;
}

/** One sentence putting the two clients side by side. */
function clientNote(byClient: NonNullable<RunResult["byClient"]>): string {
  const share = (s: RateStats): string => `${pct(s.rate)} (${s.hits}/${s.total})`;
  const part = (name: string, c: ClientRates | undefined): string | undefined => {
    if (c === undefined) return undefined;
    const r = (label: string, s: RateStats | undefined): string => (s === undefined ? "" : `, ${label} ${share(s)}`);
    return `${name}: logouts ${share(c.logouts)}${r("stale reads", c.staleReads)}${r("lost updates", c.lostUpdates)}`;
  };
  const line = `By client: ${[part("browser users", byClient.browser), part("HTTP users", byClient.http)].filter((p) => p !== undefined).join("; ")}.`;
  const b = byClient.browser;
  const h = byClient.http;
  const missed = (c: ClientRates): number => c.logouts.hits + (c.staleReads?.hits ?? 0);
  // Said only as what fits the numbers: the report cannot see when the app's write landed.
  if (b && h && missed(b) > 0 && missed(h) === 0 && h.logouts.total > 0) {
    return `${line} Only the browser users missed their own writes: consistent with an app that sends a redirect's headers before its session write lands (a browser follows a redirect as soon as its headers arrive; k6's HTTP client reads the whole answer first), or with a cookie the browser handled differently (see the causes).`;
  }
  return line;
}

/**
 * collect → aggregate: k6's summary and the history's verdict become one
 * result. A run whose own plumbing failed is an ERROR with no gate judged and
 * no baseline compared: its anomalies are the harness's, and a gate would
 * judge the app on them. Pure.
 */
export function aggregate(input: AggregateInput): RunResult {
  const byClient = input.byClient && clientRates(input.byClient);
  const metrics = aggregateMetrics(input.summary, input.history, input.appMetrics, input.config.load.iterations !== undefined);
  const failure = input.status === "aborted" ? undefined : input.plumbing?.failure;
  const baseline =
    failure === undefined ? input.baseline && compareBaseline(input.baseline.result, input.baseline.path, metrics, { ...input.baseline.result, app: input.app, scenario: input.config.scenario, config: input.config }) : undefined;
  const gates = failure === undefined ? [...evaluateGates(metrics, input.config.gates, input.summary), ...(baseline ? baselineGates(baseline) : [])] : [];
  const silence = input.status === "completed" && input.summary ? silentClient(input) : undefined;
  const status = failure !== undefined || (input.status === "completed" && (!input.summary || silence !== undefined)) ? "failed" : input.status;
  const error = input.error ?? (failure ? `the harness failed, not the app: ${failure.headline}; ${failure.avoid}` : undefined);
  const numbersVoid = status === "failed" || (status === "aborted" && input.history.serverErrors.total === 0);
  const anomalies =
    input.anomalySummary ??
    summarizeAnomalies(input.history.anomalies ?? [], attributionContext(input.app, input.faults ?? [], input.finishedAt.getTime(), {}, input.config.cluster.storeMemory));
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
    ...(byClient ? { byClient } : {}),
    ...(input.plumbing ? { plumbing: input.plumbing } : {}),
    ...(input.replication ? { replication: input.replication } : {}),
    ...(input.replicationNodes ? { replicationNodes: input.replicationNodes } : {}),
    ...(input.eviction ? { eviction: input.eviction } : {}),
    verdict: verdictOf(status, gates.every((g) => g.ok)),
    notes: [
      ...plumbingNotes(input.plumbing, failure !== undefined),
      ...runNotes(input.config, input.app, metrics, input.crossChecks ?? {}, input.faults ?? [], anomalies, { numbersVoid, harnessFailed: failure !== undefined }),
      ...(byClient ? [clientNote(byClient)] : []),
      ...(numbersVoid ? [] : (input.replicationNodes ?? (input.replication ? [input.replication] : [])).map(replicationNote)),
      ...(input.eviction && !numbersVoid ? [evictionNote(input.eviction)] : []),
    ],
    k6: { exitCode: input.k6ExitCode },
    ...(error || (status === "failed" && !input.summary) ? { error: error ?? "k6 wrote no summary; see k6.log" } : silence !== undefined ? { error: silence } : {}),
  };
}
