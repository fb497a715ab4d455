import { type ClusterDescription } from "../cluster/Cluster";
import { type RunConfig } from "../config/RunConfig";
import { type FaultEvent } from "../faults/FaultEvent";
import { type CrossChecks } from "../history/crossChecks";
import { type TimelineCounts } from "../history/TimelineBuilder";
import { type TrendValues } from "../k6/k6SummaryTypes";
import { type PlumbingSection } from "../plumbing/PlumbingSection";
import { type EvictionSummary } from "./evictions";
import { type ReplicationSummary } from "./replicationLag";

/**
 * result.json: everything a report is rendered from, and nothing else. Bump
 * RESULT_VERSION on any change a reader could trip on; test/fixtures pins it,
 * and readResult upgrades older versions it can. Version 3 added `plumbing`,
 * and with it ERROR runs whose `gates` are empty because the harness's own
 * plumbing failed (no gate was judged, none held): a version 2 reader would
 * count them as passed.
 */
export const RESULT_SCHEMA = "session-harness/result";
export const RESULT_VERSION = 3;

export interface RateStats {
  /** Share of samples that were true (an anomaly), 0 when there were no samples. */
  rate: number;
  /** Samples that were true. */
  hits: number;
  /** All samples. */
  total: number;
}

/** In ms; the same stats k6's summary carries (summaryTrendStats). */
export type TrendStats = TrendValues;

export interface GateResult {
  /** A metric name, e.g. session_logouts. */
  metric: string;
  /** As k6 writes thresholds, e.g. rate<=0. */
  threshold: string;
  /** The gate as the user wrote it (`--gate`, a config file or the profile). */
  text?: string;
  /** Who decided: the harness from the history, k6 from its own samples, or the comparison with a baseline run. */
  judge?: "history" | "k6" | "baseline";
  ok: boolean;
  /** What was measured (NaN when k6 left no value), and on how many samples (0: nothing to judge, the gate holds). */
  value: number;
  samples: number;
  /** Why a gate failed without a measurement. */
  why?: string;
}

/**
 * How sure the harness must be that a rate rose before it calls it a
 * regression, and by how much it must have risen: noise between two runs of
 * the same setup does not fail a build, a real rise does.
 */
export const BASELINE_RULES = {
  confidence: 0.99,
  /** A rise smaller than this (absolute, 0.001 = 0.1 percentage points) is not a regression however sure. */
  rateTolerance: 0.001,
  /** Latency: p95 above the baseline's by more than this share and by at least latencyFloorMs. */
  latencyRatio: 1.25,
  latencyFloorMs: 5,
} as const;

export interface RateComparison {
  metric: string;
  baseline: RateStats;
  current: RateStats;
  /** z of (current − baseline − tolerance) over the unpooled standard error; null when there is nothing to test. */
  z: number | null;
  /** One-sided p-value of "the rate did not rise by more than the tolerance" (0 where it is below what a double holds; the conclusion prints it from its logarithm). */
  p: number | null;
  regression: boolean;
  conclusion: string;
}

export interface LatencyComparison {
  metric: string;
  baselineMs: number;
  currentMs: number;
  regression: boolean;
  conclusion: string;
}

export interface BaselineComparison {
  /** result.json compared with, as given. */
  path: string;
  runId: string;
  rules: typeof BASELINE_RULES;
  /** Setup differences (store, replicas, …): the comparison still holds, the reader should know. */
  differences: string[];
  rates: RateComparison[];
  latency: LatencyComparison[];
  regression: boolean;
}

/** Per time bucket of the run, from the history: what the charts in report.html draw. */
export interface Timeline {
  /** Epoch ms of bucket 0: the start of the load (faults' offsets count from it too). */
  origin: number;
  bucketMs: number;
  buckets: TimelineBucket[];
}

export interface TimelineBucket {
  /** Bucket index: it covers [origin + i·bucketMs, origin + (i+1)·bucketMs). */
  i: number;
  requests: number;
  /** Anomalies found in this bucket, by kind (see harness/history/Anomaly.ts). */
  anomalies: Record<string, number>;
  /** Each rate's samples decided in this bucket, as the metrics count them (absent in older results, and where none were). */
  rates?: TimelineCounts["rates"];
  /** Request durations in ms (whole ms, the history's resolution). */
  p50: number;
  p95: number;
}

export interface ReplicaPairCount {
  kind: string;
  /** The replica that created the session (login) or acknowledged the write. */
  source: string;
  /** The replica that answered the read. */
  reader: string;
  count: number;
}

export type RunStatus = "completed" | "aborted" | "failed";
export type Verdict = "pass" | "fail" | "aborted" | "error";

export interface RunMetrics {
  /**
   * Where requests and latency come from: k6's summary, or, when k6 left none
   * (it was killed), the history (whole ms, the scenario's JS included).
   */
  loadSource: "k6" | "history";
  /** Every request, whatever it was for. */
  requests: number;
  requestsPerSecond: number;
  /** http_req_duration across every request, in ms. */
  latency: TrendStats | null;
  flowsCompleted: number;
  flowsPerSecond: number;
  /** A run of a fixed count (`--iterations`): the iterations k6 began, which fall short when --duration ended the load first. */
  iterations?: number;
  /** Flow steps by name (login, dashboard, write, logout, …), in ms. */
  flows: Record<string, TrendStats>;
  /** From the history: see harness/history/checkHistory.ts for what each counts. */
  logouts: RateStats;
  loginFailures: RateStats;
  serverErrors: RateStats;
  /** Only in scenarios that write and read back. */
  staleReads?: RateStats;
  staleReadsByKind?: Record<string, number>;
  lostUpdates?: RateStats;
  monotonicViolations?: RateStats;
  foreignData?: RateStats;
  /** Writes and reads the history could not decide (stale or lost): counted, never guessed. */
  unresolved: { writes: number; reads: number };
  /** Counters scraped from every replica's metrics just before the cluster stopped, summed; only what the profile declares. */
  app: Record<string, number>;
  /** Answers per replica, as the harness's nginx named them. */
  replicaResponses: Record<string, number>;
}

/** One kind of client's share of a run. */
export interface ClientRates {
  requests: number;
  logouts: RateStats;
  loginFailures: RateStats;
  staleReads?: RateStats;
  lostUpdates?: RateStats;
}

export interface FaultWindowCount {
  /** A fault's label, or "no fault active". */
  window: string;
  count: number;
  byKind: Record<string, number>;
}

export interface AnomalySummary {
  total: number;
  byKind: Record<string, number>;
  /** See harness/report/attributeAnomalies.ts for the rules. */
  byCause: Record<string, number>;
  /** The same with the evidence or the missing piece in words ("cause (why)"), for the causes that carry one. */
  byEvidence?: Record<string, number>;
  /** Logouts and stale reads by (replica that wrote or created the session, replica that read). */
  byReplicaPair: ReplicaPairCount[];
  /** Anomalies by the fault active when they happened. */
  byFaultWindow: FaultWindowCount[];
  /** Sentences such as "92% of stale reads happened while …". */
  explanations: string[];
  /** How many anomalies anomalies.ndjson holds: all of them, or the first N of a very long run. */
  recorded?: number;
}

/** The app under test as this run saw it: what its profile says about the chosen store and knobs. */
export interface AppInfo {
  name: string;
  /** `--app` as given. */
  source: string;
  description: string;
  /** `replicaReads`: the app looks sessions up on a replica node (its store uses the topology's read endpoint). */
  store: { name: string; description: string; service: string; shared: boolean; replicaReads?: true };
  knobs: Record<string, { value: string; description: string; opensRace: boolean }>;
  /** The capabilities the profile declares (replicaHeader, sessionVersionHeader, …). */
  capabilities: string[];
}

export interface RunResult {
  schema: typeof RESULT_SCHEMA;
  version: typeof RESULT_VERSION;
  runId: string;
  scenario: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  config: RunConfig;
  app: AppInfo;
  cluster: ClusterDescription;
  /** Every fault's start and end, as the fault scheduler recorded them. */
  faults: FaultEvent[];
  metrics: RunMetrics;
  anomalies: AnomalySummary;
  /** Where the app's own headers and the harness's history were compared. */
  crossChecks: CrossChecks;
  gates: GateResult[];
  /** Set when the run was compared with an earlier one (--baseline); its regressions are also in `gates`. */
  baseline?: BaselineComparison;
  /** Requests, anomalies and latency per second (or coarser on long runs); absent in results from before it existed. */
  timeline?: Timeline;
  /** Browser scenarios: the rates of each kind of client on its own sessions (k6's HTTP client, real Chromium). */
  byClient?: Partial<Record<"http" | "browser", ClientRates>>;
  /**
   * The harness's own network and parts: machine counters over the load,
   * failed connections found in nginx's, k6's and Toxiproxy's logs and whom
   * they are blamed on. When `plumbing.failure` is set the run is an ERROR and
   * `gates` is empty: the app was not judged. Absent before version 3.
   */
  plumbing?: PlumbingSection;
  /** A topology with a replica node: how far it ran behind its primary (replication offsets sampled during the load); the first, with several. */
  replication?: ReplicationSummary;
  /** With several replica nodes (--store-replicas, redis-sentinel): each one's, in node order. */
  replicationNodes?: ReplicationSummary[];
  /** A store with a memory limit (--store-maxmemory): what it evicted and refused during the load (INFO sampled). */
  eviction?: EvictionSummary;
  verdict: Verdict;
  /** Plain sentences the report shows first: why the numbers are what they are. */
  notes: string[];
  k6: { exitCode: number | null };
  /** Set when status is "failed": the one-line reason. */
  error?: string;
}
