import { faultWindows } from "../faultWindows";
import { type RunResult } from "../RunResult";

/** The kinds the rate chart draws, in the order of the legend, with their colours. */
export const CHART_KINDS: readonly [kind: string, label: string, colour: string][] = [
  ["logout", "logouts", "#cf222e"],
  ["stale-read", "stale reads", "#bf8700"],
  ["lost-update", "lost updates", "#8250df"],
  ["server-error", "5xx", "#57606a"],
  ["login-failure", "login failures", "#0969da"],
  ["foreign-data", "foreign data", "#1a7f37"],
];

export interface ChartData {
  /** Seconds since the start of the load, one per bucket. */
  x: number[];
  /** Anomalies of each kind as a share of the bucket's requests (%), only kinds the run saw. */
  rates: { kind: string; label: string; colour: string; y: number[] }[];
  p50: number[];
  p95: number[];
  /** Fault windows in seconds since the start of the load. */
  windows: { label: string; from: number; to: number }[];
  /** Replica that wrote or created → replica that read → anomalies. */
  heat: { sources: string[]; readers: string[]; counts: number[][] };
}

/** What report.html's charts draw, from result.json alone. Pure. */
export function chartData(r: RunResult): ChartData | undefined {
  const t = r.timeline;
  if (!t || t.buckets.length === 0) return undefined;
  const secs = t.bucketMs / 1000;
  const x = t.buckets.map((b) => +(b.i * secs).toFixed(3));
  const rates = CHART_KINDS.filter(([kind]) => t.buckets.some((b) => (b.anomalies[kind] ?? 0) > 0)).map(([kind, label, colour]) => ({
    kind,
    label,
    colour,
    y: t.buckets.map((b) => (b.requests === 0 ? 0 : +((100 * (b.anomalies[kind] ?? 0)) / b.requests).toFixed(3))),
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
  return { x, rates, p50: t.buckets.map((b) => b.p50), p95: t.buckets.map((b) => b.p95), windows, heat: { sources, readers, counts } };
}
