import { faultTexts, ms, pct, replicaShares, table } from "./format";
import { type RateStats, type RunResult } from "./RunResult";

type Column = [header: string, cell: (r: RunResult) => string];

/** The write step's timings: what locking or a commit policy costs shows here. */
const writeFlow = (r: RunResult) => r.metrics.flows.concurrent_write ?? r.metrics.flows.write;

const rate = (s: RateStats | undefined): string => (s ? `${pct(s.rate)} (${s.hits}/${s.total})` : "-");

/** A column per knob that varies between the runs, or every knob when they measured writes (where knobs decide the numbers). */
function knobColumns(results: readonly RunResult[]): Column[] {
  const writes = results.some((r) => r.metrics.staleReads !== undefined);
  const names = [...new Set(results.flatMap((r) => Object.keys(r.config.cluster.knobs)))];
  return names
    .filter((k) => writes || new Set(results.map((r) => r.config.cluster.knobs[k])).size > 1)
    .map((k): Column => [k, (r) => r.config.cluster.knobs[k] ?? "-"]);
}

/**
 * The side-by-side table `npm run scenario` prints after its runs. Columns for
 * stale reads and lost updates appear only when some run measured them. Pure.
 */
export function renderComparison(results: readonly RunResult[]): string {
  const any = (pick: (r: RunResult) => unknown): boolean => results.some((r) => pick(r) !== undefined);
  const varies = (pick: (r: RunResult) => unknown): boolean => new Set(results.map(pick)).size > 1;
  const columns: Column[] = [
    ["scenario", (r) => r.scenario],
    ...(varies((r) => r.app.name) ? ([["app", (r) => r.app.name]] as Column[]) : []),
    ["store", (r) => r.config.cluster.store],
    ["lb", (r) => r.config.cluster.lb],
    ["replicas", (r) => String(r.config.cluster.replicas)],
    ...knobColumns(results),
    ...(results.some((r) => r.config.faults.length > 0) ? ([["faults", (r) => faultTexts(r).join(" + ") || "-"]] as Column[]) : []),
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
