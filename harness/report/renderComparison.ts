import { ms, pct, replicaShares, table } from "./format";
import { type RateStats, type RunResult } from "./RunResult";

type Column = [header: string, cell: (r: RunResult) => string];

const rate = (s: RateStats | undefined): string => (s ? `${pct(s.rate)} (${s.hits}/${s.total})` : "-");

/**
 * The side-by-side table `npm run scenario` prints after its runs. Columns for
 * stale reads and lost updates appear only when some run measured them. Pure.
 */
export function renderComparison(results: readonly RunResult[]): string {
  const any = (pick: (r: RunResult) => unknown): boolean => results.some((r) => pick(r) !== undefined);
  const columns: Column[] = [
    ["scenario", (r) => r.scenario],
    ["store", (r) => r.config.cluster.store],
    ["lb", (r) => r.config.cluster.lb],
    ["replicas", (r) => String(r.config.cluster.replicas)],
    ...(any((r) => r.metrics.staleReads) ? ([["commit", (r) => r.config.cluster.commit]] as Column[]) : []),
    ["requests", (r) => String(r.metrics.requests)],
    ["logouts", (r) => rate(r.metrics.logouts)],
    ...(any((r) => r.metrics.staleReads) ? ([["stale reads", (r) => rate(r.metrics.staleReads)]] as Column[]) : []),
    ...(any((r) => r.metrics.lostUpdates) ? ([["lost updates", (r) => rate(r.metrics.lostUpdates)]] as Column[]) : []),
    ["p95", (r) => ms(r.metrics.latency?.p95)],
    ["answered by", (r) => replicaShares(r.metrics.replicaResponses)],
    ["verdict", (r) => r.verdict.toUpperCase()],
  ];
  return table(
    columns.map(([h]) => h),
    results.map((r) => columns.map(([, cell]) => cell(r))),
  );
}
