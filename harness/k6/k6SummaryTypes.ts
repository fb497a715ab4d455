/**
 * The JSON k6 v2.2.0 hands handleSummary (its default, "legacy" machine-readable
 * summary; `--new-machine-readable-summary` would change it), as the scenarios
 * write it to k6-summary.json. test/fixtures/k6/ holds a captured one.
 */

export type RawMetricType = "counter" | "gauge" | "rate" | "trend";

export interface RawMetric {
  type: RawMetricType;
  /** "time" for trends declared with isTime (values in ms), "data" for bytes. */
  contains: "default" | "time" | "data";
  /** counter: count, rate · rate: rate, passes, fails · trend: avg, min, med, max, p(N) · gauge: value, min, max */
  values: Record<string, number>;
  /** Threshold expression → whether it held at the end of the run. */
  thresholds?: Record<string, { ok: boolean }>;
}

export interface RawSummary {
  root_group: unknown;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  /** By name; submetrics (only those a threshold names) as `name{tag:value}`. */
  metrics: Record<string, RawMetric>;
}

export interface RateValues {
  /** Share of true samples, 0 when there were none. */
  rate: number;
  /** Samples that were true (for the session rates: anomalies). */
  passes: number;
  /** Samples that were false. */
  fails: number;
}

export interface CounterValues {
  count: number;
  /** Per second of test run time. */
  rate: number;
}

/** In ms for time trends. */
export interface TrendValues {
  avg: number;
  min: number;
  med: number;
  max: number;
  p90: number;
  p95: number;
  p99: number;
}

export interface ThresholdResult {
  /** Metric or submetric key, e.g. session_logouts or replica_responses{replica:app-1}. */
  metric: string;
  /** As written in options, e.g. rate<=0.01. */
  threshold: string;
  ok: boolean;
}
