import { type RateName } from "../../history/HistoryVerdict";
import { faultWindows } from "../faultWindows";
import { RATE_SAMPLES } from "../rateSamples";
import { type RunResult, type TimelineBucket } from "../RunResult";

/** The kinds the rate chart draws, in the order of the legend: the anomaly kind, the rate that counts it, its name, its colour. */
export const CHART_KINDS: readonly [kind: string, rate: RateName, label: string, colour: string][] = [
  ["logout", "logouts", "logouts", "#cf222e"],
  ["stale-read", "staleReads", "stale reads", "#bf8700"],
  ["lost-update", "lostUpdates", "lost updates", "#8250df"],
  ["server-error", "serverErrors", "5xx", "#57606a"],
  ["login-failure", "loginFailures", "login failures", "#0969da"],
  ["foreign-data", "foreignData", "foreign data", "#1a7f37"],
  ["non-monotonic", "monotonicViolations", "non-monotonic reads", "#953800"],
];

export interface ChartData {
  /** Seconds since the start of the load, one per bucket. */
  x: number[];
  /**
   * Each rate the run saw anomalies of, per bucket, in % of that rate's own
   * samples in the bucket (null: none that second), as the tables count it;
   * legends say of what. Older results without per-bucket rates: anomalies
   * of the kind in % of all the bucket's requests.
   */
  rates: { kind: string; label: string; colour: string; y: (number | null)[] }[];
  /** What the rates are shares of, for the axis: "own" (each its own, named in the legend), or "requests" (older results). */
  denominator: "own" | "requests";
  p50: number[];
  p95: number[];
  /** Fault windows in seconds since the start of the load. */
  windows: { label: string; from: number; to: number }[];
  /** Replica that wrote or created → replica that read → anomalies. */
  heat: { sources: string[]; readers: string[]; counts: number[][] };
}

const percent = (hits: number, total: number): number => +((100 * hits) / total).toFixed(3);

/** One rate per bucket, from the bucket's own samples of it. */
function ownRate(buckets: readonly TimelineBucket[], rate: RateName): (number | null)[] {
  return buckets.map((b) => {
    const c = b.rates?.[rate];
    return c === undefined || c.total === 0 ? null : percent(c.hits, c.total);
  });
}

/** What report.html's charts draw, from result.json alone. Pure. */
export function chartData(r: RunResult): ChartData | undefined {
  const t = r.timeline;
  if (!t || t.buckets.length === 0) return undefined;
  const secs = t.bucketMs / 1000;
  const x = t.buckets.map((b) => +(b.i * secs).toFixed(3));
  const own = t.buckets.some((b) => b.rates !== undefined);
  const rates = CHART_KINDS.filter(([kind, rate]) => t.buckets.some((b) => (own ? (b.rates?.[rate]?.hits ?? 0) : (b.anomalies[kind] ?? 0)) > 0)).map(([kind, rate, label, colour]) => ({
    kind,
    label: own ? `${label} (% of ${RATE_SAMPLES[rate]})` : label,
    colour,
    y: own ? ownRate(t.buckets, rate) : t.buckets.map((b) => (b.requests === 0 ? 0 : percent(b.anomalies[kind] ?? 0, b.requests))),
  }));
  const end = Date.parse(r.finishedAt);
  const windows = faultWindows(r.faults, end).map((w) => ({
    label: w.label,
    from: +Math.max(0, (w.start - t.origin) / 1000).toFixed(3),
    to: +Math.min((w.end - t.origin) / 1000, (x.at(-1) ?? 0) + secs).toFixed(3),
  }));
  const pairs = r.anomalies.byReplicaPair;
  const byName = (a: string, b: string): number => a.localeCompare(b, "en", { numeric: true });
  const sources = [...new Set(pairs.map((p) => p.source))].sort(byName);
  const readers = [...new Set(pairs.map((p) => p.reader))].sort(byName);
  const counts = sources.map((s) => readers.map((rd) => pairs.filter((p) => p.source === s && p.reader === rd).reduce((n, p) => n + p.count, 0)));
  return { x, rates, denominator: own ? "own" : "requests", p50: t.buckets.map((b) => b.p50), p95: t.buckets.map((b) => b.p95), windows, heat: { sources, readers, counts } };
}
