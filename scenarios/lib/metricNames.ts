/**
 * The k6 metric names the scenarios emit and the harness reads back from the
 * summary. One table, so a rename cannot leave the report reading a metric
 * that no longer exists (the harness imports this file too).
 *
 * The session rates here are live numbers, for progress and abort-on-fail;
 * the report's verdicts are decided from the run's history (harness/history/).
 */
export const METRIC = {
  /** Rate: a request made while holding a live session, answered as anonymous. */
  sessionLogouts: "session_logouts",
  /** Rate: one sample per login attempt; true when it did not yield a session. */
  loginFailures: "login_failures",
  /** Rate: one sample per request; true on 5xx (or the app's state header saying error). */
  serverErrors: "server_errors",
  /** Counter: served reads that did not show a write the app had acknowledged (live; the history decides stale vs lost). */
  liveReadsMissingWrite: "live_reads_missing_write",
  /** Counter: acknowledged writes a session's last read still did not show (live; the history decides). */
  liveWritesMissingAtEnd: "live_writes_missing_at_end",
  /** Counter: iterations that logged in, did their work and logged out as expected. */
  flowsCompleted: "flows_completed",
  flowLogin: "flow_login",
  flowDashboard: "flow_dashboard",
  flowLogout: "flow_logout",
  flowIteration: "flow_iteration",
  /** One write, to its redirect. */
  flowWrite: "flow_write",
  /** The read that follows a write's redirect (or a concurrent pair's). */
  flowReadAfterWrite: "flow_read_after_write",
  /** Two writes sent at once with http.batch: the slower of the two. */
  flowConcurrentWrite: "flow_concurrent_write",
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Trend stats every scenario asks k6 for; the harness's TrendValues reads these keys. */
export const SUMMARY_TREND_STATS = ["avg", "min", "med", "max", "p(50)", "p(90)", "p(95)", "p(99)"];
