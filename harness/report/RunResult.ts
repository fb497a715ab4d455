import { type ClusterDescription } from "../cluster/Cluster";
import { type RunConfig } from "../config/RunConfig";

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

export interface TrendStats {
  avg: number;
  min: number;
  med: number;
  max: number;
  p90: number;
  p95: number;
  p99: number;
}

export interface GateResult {
  metric: string;
  threshold: string;
  ok: boolean;
}

export interface ReplicaPairCount {
  createdBy: string;
  answeredBy: string;
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
  /** Responses per replica, from X-Replica. */
  replicaResponses: Record<string, number>;
}

export interface AnomalySummary {
  total: number;
  byKind: Record<string, number>;
  /** Logouts by (replica that created the session, replica that answered anonymous). */
  byReplicaPair: ReplicaPairCount[];
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
  /** Fault start/end events in run time; empty until faults are injected. */
  faults: { at: string; event: "start" | "end"; fault: string; target: string }[];
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
