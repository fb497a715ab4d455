import { type TagSplit } from "./buildThresholds";
import { STALE_KINDS } from "./Anomaly";
import { METRIC, STALE_KIND_TAG, type MetricName } from "./metricNames";

/**
 * The gates of the cart scenarios: the user must see every write the app
 * acknowledged, no acknowledged write may be lost, and the session rules of
 * login-loop still hold. Non-monotonic reads are reported, not gated: on a
 * shared store they come with a late or lost write, which these gates catch.
 */
export const CART_GATES: readonly MetricName[] = [
  METRIC.sessionStaleReads,
  METRIC.sessionLostUpdates,
  METRIC.sessionLogouts,
  METRIC.loginFailures,
  METRIC.sessionStoreErrors,
];

/** Always-true thresholds that make the summary count stale reads per kind. */
export const STALE_KIND_SPLIT: TagSplit = { metric: METRIC.sessionStaleReadsByKind, tag: STALE_KIND_TAG, values: STALE_KINDS };
