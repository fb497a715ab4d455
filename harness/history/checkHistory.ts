import { type HistoryOp } from "../../scenarios/lib/HistoryOp";
import { type Anomaly } from "./Anomaly";
import { HistoryChecker } from "./HistoryChecker";
import { type HistoryVerdict } from "./HistoryVerdict";

export type { HistoryVerdict, RateCount } from "./HistoryVerdict";

/**
 * Decides every anomaly of a run from its whole history, in the manner of
 * Jepsen's Elle list-append checker: each write appends a unique token, each
 * read returns the session's list, and a read is judged by what came after it
 * as well as before:
 * - a read that misses a token acknowledged before it began is a stale read
 *   if a later read of the session shows the token, and the token is a lost
 *   update if a later read was served and none showed it;
 * - an anonymous answer while the session is live is a logout;
 * - a read lacking a token that a read completed before it showed is a
 *   non-monotonic read (it shows fewer of the session's tokens than it should);
 * - a read showing another session's token is foreign data.
 * Needs nothing from the app beyond its contract; pure.
 */
export function checkHistory(ops: readonly HistoryOp[]): HistoryVerdict {
  const anomalies: Anomaly[] = [];
  const checker = new HistoryChecker((a) => anomalies.push(a));
  for (const op of ops) checker.add(op);
  return { ...checker.finish(), anomalies: anomalies.sort((a, b) => a.t - b.t) };
}
