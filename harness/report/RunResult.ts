import { type ClusterDescription } from "../cluster/Cluster";
import { type RunConfig } from "../config/RunConfig";
import { type FaultEvent } from "../faults/FaultEvent";
import { type CrossChecks } from "../history/crossChecks";
import { type TrendValues } from "../k6/k6SummaryTypes";

/**
 * result.json: everything a report is rendered from, and nothing else. Bump
 * RESULT_VERSION on any change a reader could trip on; test/fixtures pins it,
 * and readResult upgrades older versions it can.
 */
export const RESULT_SCHEMA = "session-harness/result";
export const RESULT_VERSION = 2;

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
  ok: boolean;
  /** What was measured, and on how many samples (0: nothing to judge, the gate holds). */
  value: number;
  samples: number;
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
  store: { name: string; description: string; service: string; shared: boolean };
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
  verdict: Verdict;
  /** Plain sentences the report shows first: why the numbers are what they are. */
  notes: string[];
  k6: { exitCode: number | null };
  /** Set when status is "failed": the one-line reason. */
  error?: string;
}
