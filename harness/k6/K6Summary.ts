import {
  type CounterValues,
  type RateValues,
  type RawMetric,
  type RawMetricType,
  type RawSummary,
  type ThresholdResult,
  type TrendValues,
} from "./k6SummaryTypes";

/**
 * Typed reads of a k6 summary. A metric k6 never got a sample for is absent
 * from the summary, so accessors return undefined for it; asking for a metric
 * as the wrong type, or for a trend stat the run did not compute, is a
 * programming error and throws.
 */
export class K6Summary {
  constructor(readonly raw: RawSummary) {}

  get testRunDurationMs(): number {
    return this.raw.state.testRunDurationMs;
  }

  has(name: string): boolean {
    return name in this.raw.metrics;
  }

  rate(name: string): RateValues | undefined {
    const m = this.metric(name, "rate");
    return m && { rate: this.stat(name, m, "rate"), passes: this.stat(name, m, "passes"), fails: this.stat(name, m, "fails") };
  }

  counter(name: string): CounterValues | undefined {
    const m = this.metric(name, "counter");
    return m && { count: this.stat(name, m, "count"), rate: this.stat(name, m, "rate") };
  }

  trend(name: string): TrendValues | undefined {
    const m = this.metric(name, "trend");
    if (!m) return undefined;
    const s = (key: string): number => this.stat(name, m, key);
    return { avg: s("avg"), min: s("min"), med: s("med"), max: s("max"), p90: s("p(90)"), p95: s("p(95)"), p99: s("p(99)") };
  }

  /**
   * Counts per tag value of a counter's submetrics, e.g. responses per replica.
   * Only submetrics named by a threshold are in a summary, which is why the
   * scenarios add an always-passing one per expected replica.
   */
  tagCounts(metric: string, tag: string): Record<string, number> {
    const prefix = `${metric}{${tag}:`;
    const counts: Record<string, number> = {};
    for (const key of Object.keys(this.raw.metrics)) {
      if (!key.startsWith(prefix) || !key.endsWith("}")) continue;
      const value = key.slice(prefix.length, -1);
      // A key with a second tag ({replica:a,status:200}) is a finer split, not a replica's total.
      if (value.includes(",")) continue;
      counts[value] = this.counter(key)?.count ?? 0;
    }
    return counts;
  }

  thresholds(): ThresholdResult[] {
    return Object.entries(this.raw.metrics).flatMap(([metric, m]) =>
      Object.entries(m.thresholds ?? {}).map(([threshold, { ok }]) => ({ metric, threshold, ok })),
    );
  }

  thresholdHeld(metric: string, threshold: string): boolean | undefined {
    return this.raw.metrics[metric]?.thresholds?.[threshold]?.ok;
  }

  valueOf(metric: string, stat: string): number | undefined {
    return this.raw.metrics[metric]?.values[stat];
  }

  samples(metric: string): number | undefined {
    const m = this.raw.metrics[metric];
    if (m?.type === "counter") return m.values.count;
    if (m?.type === "rate") return (m.values.passes ?? 0) + (m.values.fails ?? 0);
    return undefined;
  }

  /** Every threshold held; true for a run that declared none. */
  get thresholdsPassed(): boolean {
    return this.thresholds().every((t) => t.ok);
  }

  private metric(name: string, type: RawMetricType): RawMetric | undefined {
    const m = this.raw.metrics[name];
    if (m && m.type !== type) throw new Error(`k6 summary: ${name} is a ${m.type}, not a ${type}`);
    return m;
  }

  private stat(name: string, m: RawMetric, key: string): number {
    const value = m.values[key];
    if (typeof value !== "number") {
      throw new Error(`k6 summary: ${name} has no ${key} (summaryTrendStats: ${this.raw.options.summaryTrendStats.join(", ")})`);
    }
    return value;
  }
}
