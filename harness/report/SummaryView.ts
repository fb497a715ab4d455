import { type TrendStats } from "./RunResult";

/**
 * The few questions aggregation asks of k6's end-of-test summary: load,
 * timings and the verdicts of the thresholds k6 judged (every session number
 * comes from the history). Keeping it this narrow means a k6 upgrade that
 * moves summary fields touches one adapter only.
 */
export interface SummaryView {
  has(name: string): boolean;
  counter(name: string): { count: number; rate: number } | undefined;
  trend(name: string): TrendStats | undefined;
  /** Whether k6 found the threshold held; undefined when the summary does not carry it. */
  thresholdHeld(metric: string, threshold: string): boolean | undefined;
  /** One stat of a metric as k6 computed it (p(95), avg, rate, count, …). */
  valueOf(metric: string, stat: string): number | undefined;
  /** How many samples the metric had, where k6 says (counter count, rate passes + fails); undefined for trends. */
  samples(metric: string): number | undefined;
}
