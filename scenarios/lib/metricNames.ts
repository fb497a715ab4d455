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
  /** Rate: one sample per cart read made while acknowledged writes are expected; true when it missed one not yet overwritten. */
  sessionStaleReads: "session_stale_reads",
  /** Counter tagged {kind}: the stale reads again, split by StaleKind (session-missing, older-version). */
  sessionStaleReadsByKind: "session_stale_reads_by_kind",
  /** Rate: same reads, when the session was shown; true when an acknowledged write was overwritten (last writer won). */
  sessionLostUpdates: "session_lost_updates",
  /** Rate: one sample per read that showed the cart; true when it held fewer of the session's tokens than an earlier read. */
  sessionMonotonicViolations: "session_monotonic_violations",
  /** Counter tagged {replica}: every response, by the replica that answered it. */
  replicaResponses: "replica_responses",
  /** Counter: iterations that logged in, viewed and logged out as expected. */
  flowsCompleted: "flows_completed",
  flowLogin: "flow_login",
  flowDashboard: "flow_dashboard",
  flowLogout: "flow_logout",
  flowIteration: "flow_iteration",
  /** One POST /cart, to its 302. */
  flowWrite: "flow_write",
  /** The GET /cart that follows a write's 302 (or a concurrent pair's). */
  flowReadAfterWrite: "flow_read_after_write",
  /** Two POST /cart sent at once with http.batch: the slower of the two. */
  flowConcurrentWrite: "flow_concurrent_write",
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The tag replica_responses is split by; its value is the X-Replica header. */
export const REPLICA_TAG = "replica";

/** The tag session_stale_reads_by_kind is split by; its values are STALE_KINDS. */
export const STALE_KIND_TAG = "kind";

/** Tag value for a response that carried no X-Replica (nginx itself answered, or no response). */
export const NO_REPLICA = "none";

/** Trend stats every scenario asks k6 for; the harness's TrendValues reads these keys. */
export const SUMMARY_TREND_STATS = ["avg", "min", "med", "max", "p(50)", "p(90)", "p(95)", "p(99)"];
