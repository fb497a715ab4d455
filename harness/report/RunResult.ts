import { type ClusterDescription } from "../cluster/Cluster";
import { type RunConfig } from "../config/RunConfig";
import { type FaultEvent } from "../faults/FaultEvent";
import { type TrendValues } from "../k6/k6SummaryTypes";

/**
 * result.json: everything a report is rendered from, and nothing else. Bump
 * RESULT_VERSION on any change a reader could trip on; test/fixtures pins it.
 */
export const RESULT_SCHEMA = "session-harness/result";
export const RESULT_VERSION = 1;

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
  metric: string;
  threshold: string;
  ok: boolean;
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
  requests: number;
  requestsPerSecond: number;
  /** http_req_duration across every request, in ms. */
  latency: TrendStats | null;
  flowsCompleted: number;
  flowsPerSecond: number;
  /** Flow steps by name (login, dashboard, logout, iteration), in ms. */
  flows: Record<string, TrendStats>;
  logouts: RateStats;
  loginFailures: RateStats;
  storeErrors: RateStats;
  /** Only in scenarios that write and read back (write-redirect-race, concurrent-tabs). */
  staleReads?: RateStats;
  /** Stale reads split by kind (session-missing, older-version). */
  staleReadsByKind?: Record<string, number>;
  lostUpdates?: RateStats;
  monotonicViolations?: RateStats;
  /**
   * Counters scraped from every replica's /metrics just before the cluster
   * stopped, summed over replicas (e.g. session_lock_waits_total). Empty when a
   * replica could not be scraped.
   */
  app: Record<string, number>;
  /** Responses per replica, from X-Replica. */
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
  cluster: ClusterDescription;
  /** Every fault's start and end, as the fault scheduler recorded them. */
  faults: FaultEvent[];
  metrics: RunMetrics;
  anomalies: AnomalySummary;
  gates: GateResult[];
  verdict: Verdict;
  /** Plain sentences the report shows first: why the numbers are what they are. */
  notes: string[];
  k6: { exitCode: number | null };
  /** Set when status is "failed": the one-line reason. */
  error?: string;
}
