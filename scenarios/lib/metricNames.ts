/**
 * The k6 metric names the scenarios emit and the harness reads back from the
 * summary. One table, so a rename cannot leave the report reading a metric that
 * no longer exists (the harness imports this file too).
 */
export const METRIC = {
  /** Rate: a view made while holding a live session, answered as anonymous. */
  sessionLogouts: "session_logouts",
  /** Rate: one sample per login attempt. */
  loginFailures: "login_failures",
  /** Rate: one sample per request; true on 503 or X-Session-State: error. */
  sessionStoreErrors: "session_store_errors",
  /** Counter tagged {replica}: every response, by the replica that answered it. */
  replicaResponses: "replica_responses",
  /** Counter: iterations that logged in, viewed and logged out as expected. */
  flowsCompleted: "flows_completed",
  flowLogin: "flow_login",
  flowDashboard: "flow_dashboard",
  flowLogout: "flow_logout",
  flowIteration: "flow_iteration",
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The tag replica_responses is split by; its value is the X-Replica header. */
export const REPLICA_TAG = "replica";

/** Tag value for a response that carried no X-Replica (nginx itself answered, or no response). */
export const NO_REPLICA = "none";

/** Trend stats every scenario asks k6 for; the harness's TrendValues reads these keys. */
export const SUMMARY_TREND_STATS = ["avg", "min", "med", "max", "p(50)", "p(90)", "p(95)", "p(99)"];
