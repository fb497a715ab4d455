import { type RateName } from "../history/HistoryVerdict";

/**
 * What each rate is a share of: one owner for the denominator the tables,
 * the charts and the comparison page all use (the history checker counts
 * them; docs/history-checker.md says the same). Chart legends read
 * "logouts (% of authenticated requests)".
 */
export const RATE_SAMPLES: Readonly<Record<RateName, string>> = {
  logouts: "authenticated requests",
  staleReads: "reads after a write",
  lostUpdates: "acknowledged writes",
  serverErrors: "requests",
  loginFailures: "logins",
  foreignData: "served reads",
  monotonicViolations: "reads after a read",
};

/** The sentence under a table or chart that shows these rates. */
export const RATES_SENTENCE =
  "Each rate is a share of its own requests, in the tables and the charts alike: logouts of authenticated requests (made while the session was live), stale reads of reads after a write, lost updates of acknowledged writes whose fate is known.";
