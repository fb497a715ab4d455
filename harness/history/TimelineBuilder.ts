import { type HistoryOp } from "../../scenarios/lib/HistoryOp";
import { type Anomaly } from "./Anomaly";
import { DurationHistogram } from "./DurationHistogram";
import { type RateCount, type RateName } from "./HistoryVerdict";

/** A bucket as the charts read it; the report's Timeline is an array of these. */
export interface TimelineCounts {
  i: number;
  requests: number;
  anomalies: Record<string, number>;
  /**
   * Each rate's samples decided in this bucket (logouts: requests made while
   * the session was live, …): the same counts as the report's rates, so a
   * chart of hits/total per bucket uses the table's denominator. Absent
   * when none were.
   */
  rates?: Partial<Record<RateName, RateCount>>;
  p50: number;
  p95: number;
}

interface Bucket {
  requests: number;
  anomalies: Record<string, number>;
  rates: Partial<Record<RateName, RateCount>>;
  times: DurationHistogram;
}

/** At most this many buckets: a long run gets coarser buckets, not a bigger result.json. */
export const MAX_TIMELINE_BUCKETS = 1200;

/** 1 s, or the smallest whole number of seconds that keeps a run of `durationMs` within MAX_TIMELINE_BUCKETS. */
export const bucketMsFor = (durationMs: number): number => 1000 * Math.max(1, Math.ceil(durationMs / 1000 / MAX_TIMELINE_BUCKETS));

/**
 * Requests, anomalies and latency per time bucket, fed as the history streams
 * (one op, one anomaly at a time), so its memory is the number of buckets,
 * never the number of requests. An op counts in the bucket its response
 * arrived in, like the anomaly it may show.
 */
export class TimelineBuilder {
  private readonly buckets = new Map<number, Bucket>();

  constructor(
    readonly origin: number,
    readonly bucketMs: number,
  ) {}

  private at(t: number): Bucket {
    const i = Math.max(0, Math.floor((t - this.origin) / this.bucketMs));
    let b = this.buckets.get(i);
    if (!b) this.buckets.set(i, (b = { requests: 0, anomalies: {}, rates: {}, times: new DurationHistogram() }));
    return b;
  }

  addOp(op: HistoryOp): void {
    const b = this.at(op.t1);
    b.requests++;
    b.times.add(op.t1 - op.t0);
  }

  addAnomaly(a: Anomaly): void {
    const b = this.at(a.t);
    b.anomalies[a.kind] = (b.anomalies[a.kind] ?? 0) + 1;
  }

  /** One sample of a rate as the history checker counted it (its SampleListener). */
  addSample(rate: RateName, t: number, hit: boolean): void {
    const b = this.at(t);
    const c = (b.rates[rate] ??= { hits: 0, total: 0 });
    c.total++;
    if (hit) c.hits++;
  }

  /** Every bucket from 0 to the last one seen, empty ones included, so the charts' x axis is time. */
  result(): { origin: number; bucketMs: number; buckets: TimelineCounts[] } {
    const last = Math.max(-1, ...this.buckets.keys());
    const buckets: TimelineCounts[] = [];
    for (let i = 0; i <= last; i++) {
      const b = this.buckets.get(i);
      const s = b?.times.stats();
      const rates = b && Object.keys(b.rates).length > 0 ? { rates: b.rates } : {};
      buckets.push({ i, requests: b?.requests ?? 0, anomalies: b?.anomalies ?? {}, ...rates, p50: s?.med ?? 0, p95: s?.p95 ?? 0 });
    }
    return { origin: this.origin, bucketMs: this.bucketMs, buckets };
  }
}
