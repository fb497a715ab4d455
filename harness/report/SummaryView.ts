import { type GateResult, type TrendStats } from "./RunResult";

/**
 * The few questions aggregation asks of k6's end-of-test summary. Keeping it this
 * narrow means a k6 upgrade that moves summary fields touches one adapter only.
 */
export interface SummaryView {
  has(name: string): boolean;
  counter(name: string): { count: number; rate: number } | undefined;
  /** For a k6 Rate: passes are the true samples (here: anomalies), fails the false ones. */
  rate(name: string): { rate: number; passes: number; fails: number } | undefined;
  trend(name: string): TrendStats | undefined;
  /** Counts of `metric` per value of `tag`, from the submetrics the scenario declared. */
  tagCounts(metric: string, tag: string): Record<string, number>;
  thresholds(): GateResult[];
}
