import { type TrendValues } from "../k6/k6SummaryTypes";

/**
 * Request durations in whole milliseconds, kept as counts per millisecond so
 * that a run of any length costs a few thousand numbers, not one per request.
 * Percentiles are exact to the millisecond (the history's resolution).
 */
export class DurationHistogram {
  private readonly counts = new Map<number, number>();
  private n = 0;
  private sum = 0;

  add(ms: number): void {
    const bucket = Math.max(0, Math.round(ms));
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.n++;
    this.sum += bucket;
  }

  get count(): number {
    return this.n;
  }

  /** k6's trend stats over what was added; undefined when nothing was. */
  stats(): TrendValues | undefined {
    if (this.n === 0) return undefined;
    const sorted = [...this.counts.entries()].sort((a, b) => a[0] - b[0]);
    const at = (q: number): number => {
      const rank = Math.ceil(q * this.n);
      let seen = 0;
      for (const [ms, c] of sorted) {
        seen += c;
        if (seen >= rank) return ms;
      }
      return sorted.at(-1)?.[0] ?? 0;
    };
    return { avg: this.sum / this.n, min: sorted[0]?.[0] ?? 0, med: at(0.5), max: sorted.at(-1)?.[0] ?? 0, p90: at(0.9), p95: at(0.95), p99: at(0.99) };
  }
}
