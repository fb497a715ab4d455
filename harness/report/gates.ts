import { type GateSpec } from "../config/GateSpec";
import { METRIC } from "../../scenarios/lib/metricNames";
import { type GateResult, type RateStats, type RunMetrics } from "./RunResult";
import { type SummaryView } from "./SummaryView";

/**
 * The rates the history decides, by the name a gate gives them. Three are
 * also live k6 metrics (same name, same rule) so that abortOnFail can stop a
 * run early; the verdict on them still comes from the history.
 */
const HISTORY_RATES: Readonly<Record<string, (m: RunMetrics) => RateStats | undefined>> = {
  [METRIC.sessionLogouts]: (m) => m.logouts,
  [METRIC.loginFailures]: (m) => m.loginFailures,
  [METRIC.serverErrors]: (m) => m.serverErrors,
  session_stale_reads: (m) => m.staleReads,
  session_lost_updates: (m) => m.lostUpdates,
  session_foreign_data: (m) => m.foreignData,
};

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

/** The stat a k6 threshold expression reads ("p(95)<200" → p(95)). */
const statOf = (threshold: string): string => /^([a-z]+(?:\(\d+(?:\.\d+)?\))?)/.exec(threshold)?.[1] ?? threshold;

function historyGate(g: GateSpec, metrics: RunMetrics): GateResult[] {
  const stats = HISTORY_RATES[g.metric]?.(metrics);
  const test = parseRateThreshold(g.threshold);
  if (!test) throw new Error(`gate ${g.text}: ${g.threshold} is not a rate threshold`);
  // A rate the scenario does not measure (stale reads in login-loop) has nothing to judge.
  if (stats === undefined) return [];
  return [{ metric: g.metric, threshold: g.threshold, text: g.text, judge: "history", ok: stats.total === 0 || test(stats.rate), value: stats.rate, samples: stats.total }];
}

/** k6 decided; the summary has its verdict and the value it judged. No summary (k6 killed): failed, value unknown. */
function k6Gate(g: GateSpec, summary: SummaryView | undefined): GateResult {
  const stat = statOf(g.threshold);
  const held = summary?.thresholdHeld(g.metric, g.threshold);
  const value = summary?.valueOf(g.metric, stat);
  const samples = summary?.samples(g.metric) ?? 0;
  const base = { metric: g.metric, threshold: g.threshold, text: g.text, judge: "k6" as const, samples };
  if (held === undefined) {
    // k6 leaves a metric with no samples out of its summary: nothing was measured, nothing crossed.
    if (summary !== undefined && !summary.has(g.metric)) return { ...base, ok: true, value: 0, samples: 0 };
    return { ...base, ok: false, value: value ?? Number.NaN, why: summary ? "k6's summary has no verdict for this threshold" : "k6 wrote no summary" };
  }
  return { ...base, ok: held, value: value ?? Number.NaN };
}

/**
 * Each gate against what the run measured: the session rates from the
 * history (the harness judges), everything else from k6's summary (k6
 * judged). A rate with no samples has nothing to fail on, and holds.
 */
export function evaluateGates(metrics: RunMetrics, gates: readonly GateSpec[], summary: SummaryView | undefined): GateResult[] {
  return gates.flatMap((g) => (g.judge === "history" ? historyGate(g, metrics) : [k6Gate(g, summary)]));
}
