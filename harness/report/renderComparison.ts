import { ms, pct, replicaShares, table } from "./format";
import { type RateStats, type RunResult } from "./RunResult";

type Column = [header: string, cell: (r: RunResult) => string];

/** The write step's timings: what locking or a commit policy costs shows here. */
const writeFlow = (r: RunResult) => r.metrics.flows.concurrent_write ?? r.metrics.flows.write;

const rate = (s: RateStats | undefined): string => (s ? `${pct(s.rate)} (${s.hits}/${s.total})` : "-");

/**
 * The side-by-side table `npm run scenario` prints after its runs. Columns for
 * stale reads and lost updates appear only when some run measured them. Pure.
 */
export function renderComparison(results: readonly RunResult[]): string {
  const any = (pick: (r: RunResult) => unknown): boolean => results.some((r) => pick(r) !== undefined);
  const varies = (pick: (r: RunResult) => unknown): boolean => new Set(results.map(pick)).size > 1;
  const columns: Column[] = [
    ["scenario", (r) => r.scenario],
    ["store", (r) => r.config.cluster.store],
    ["lb", (r) => r.config.cluster.lb],
    ["replicas", (r) => String(r.config.cluster.replicas)],
    ...(any((r) => r.metrics.staleReads) || varies((r) => r.config.cluster.commit) ? ([["commit", (r) => r.config.cluster.commit]] as Column[]) : []),
    ...(any((r) => r.metrics.lostUpdates) || varies((r) => r.config.cluster.locking)
      ? ([["locking", (r) => (r.config.cluster.locking ? "on" : "off")]] as Column[])
      : []),
    ...(results.some((r) => r.config.faults.length > 0) ? ([["faults", (r) => r.config.faults.map((f) => f.text).join(" + ") || "-"]] as Column[]) : []),
    ["requests", (r) => String(r.metrics.requests)],
    ["logouts", (r) => rate(r.metrics.logouts)],
    ...(any((r) => r.metrics.staleReads) ? ([["stale reads", (r) => rate(r.metrics.staleReads)]] as Column[]) : []),
    ...(any((r) => r.metrics.lostUpdates) ? ([["lost updates", (r) => rate(r.metrics.lostUpdates)]] as Column[]) : []),
    ["p95", (r) => ms(r.metrics.latency?.p95)],
    ...(any((r) => writeFlow(r)) ? ([["write p95", (r) => ms(writeFlow(r)?.p95)]] as Column[]) : []),
    ["answered by", (r) => replicaShares(r.metrics.replicaResponses)],
    ["verdict", (r) => r.verdict.toUpperCase()],
  ];
  return table(
    columns.map(([h]) => h),
    results.map((r) => columns.map(([, cell]) => cell(r))),
  );
}
