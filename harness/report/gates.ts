import { METRIC } from "../../scenarios/lib/metricNames";
import { type GateResult, type RateStats, type RunMetrics } from "./RunResult";

/**
 * The rates a gate can hold, by the name it goes by in a threshold. Three are
 * also live k6 metrics (same name, same rule); the rest only the history can
 * decide. The verdict always comes from the history.
 */
export const GATE_METRICS: Readonly<Record<string, (m: RunMetrics) => RateStats | undefined>> = {
  [METRIC.sessionLogouts]: (m) => m.logouts,
  [METRIC.loginFailures]: (m) => m.loginFailures,
  [METRIC.serverErrors]: (m) => m.serverErrors,
  session_stale_reads: (m) => m.staleReads,
  session_lost_updates: (m) => m.lostUpdates,
  session_foreign_data: (m) => m.foreignData,
};

export interface GateSpec {
  metric: string;
  /** k6's threshold form, e.g. rate<=0. */
  threshold: string;
}

/** One logout, stale read, lost write, leaked session or 5xx fails the run. */
export const DEFAULT_GATES: readonly GateSpec[] = Object.keys(GATE_METRICS).map((metric) => ({ metric, threshold: "rate<=0" }));

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  "<=": (a, b) => a <= b,
  "<": (a, b) => a < b,
  ">=": (a, b) => a >= b,
  ">": (a, b) => a > b,
  "==": (a, b) => a === b,
};

/** "rate<=0.01" → a test on a rate, or undefined when the expression is not one. */
export function parseRateThreshold(threshold: string): ((rate: number) => boolean) | undefined {
  const m = /^\s*rate\s*(<=|<|>=|>|==)\s*(\d+(?:\.\d+)?)\s*$/.exec(threshold);
  const compare = m?.[1] === undefined ? undefined : COMPARE[m[1]];
  if (!m || !compare) return undefined;
  const bound = Number(m[2]);
  return (rate) => compare(rate, bound);
}

/**
 * Each gate against what the run measured. A gate on a rate the scenario does
 * not measure (stale reads in login-loop) is left out; a measured rate with no
 * samples has nothing to fail on, and holds.
 */
export function evaluateGates(metrics: RunMetrics, gates: readonly GateSpec[]): GateResult[] {
  return gates.flatMap(({ metric, threshold }) => {
    const stats = GATE_METRICS[metric]?.(metrics);
    const test = parseRateThreshold(threshold);
    if (!test) throw new Error(`gate ${metric}: ${threshold} is not a rate threshold`);
    if (stats === undefined) return [];
    return [{ metric, threshold, ok: stats.total === 0 || test(stats.rate), value: stats.rate, samples: stats.total }];
  });
}
