import { type TrendStats } from "./RunResult";

/**
 * The few questions aggregation asks of k6's end-of-test summary: load and
 * timings only (every session number comes from the history). Keeping it this
 * narrow means a k6 upgrade that moves summary fields touches one adapter only.
 */
export interface SummaryView {
  has(name: string): boolean;
  counter(name: string): { count: number; rate: number } | undefined;
  trend(name: string): TrendStats | undefined;
}
