import { probit } from "simple-statistics";
import { faultTexts } from "./format";
import { formatP, normalTail } from "./normalTail";
import { BASELINE_RULES, type BaselineComparison, type GateResult, type LatencyComparison, type RateComparison, type RateStats, type RunMetrics, type RunResult } from "./RunResult";


const RATES: Readonly<Record<string, (m: RunMetrics) => RateStats | undefined>> = {
  session_logouts: (m) => m.logouts,
  login_failures: (m) => m.loginFailures,
  server_errors: (m) => m.serverErrors,
  session_stale_reads: (m) => m.staleReads,
  session_lost_updates: (m) => m.lostUpdates,
  session_foreign_data: (m) => m.foreignData,
};

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/** One-sided two-proportion test with a tolerance: did the rate rise by more than `tol`? */
export function compareRates(metric: string, base: RateStats, now: RateStats, rules = BASELINE_RULES): RateComparison {
  const head = `${metric}: ${pct(base.rate)} of ${base.total} → ${pct(now.rate)} of ${now.total}`;
  if (base.total === 0 || now.total === 0) {
    return { metric, baseline: base, current: now, z: null, p: null, regression: false, conclusion: `${head}: no samples on one side, not tested` };
  }
  const rise = now.rate - base.rate;
  const se = Math.sqrt((base.rate * (1 - base.rate)) / base.total + (now.rate * (1 - now.rate)) / now.total);
  if (se === 0) {
    // Both rates are 0 or 1 exactly: nothing varies, the difference is what it is.
    const regression = rise > rules.rateTolerance;
    return { metric, baseline: base, current: now, z: null, p: null, regression, conclusion: `${head}: ${regression ? "rose" : "did not rise"} beyond the tolerance (no variance to test)` };
  }
  const z = (rise - rules.rateTolerance) / se;
  const tail = normalTail(z);
  const critical = probit(rules.confidence);
  const regression = z > critical;
  const verdict = regression
    ? `rose by more than ${pct(rules.rateTolerance)} with ${rules.confidence * 100}% confidence (z = ${z.toFixed(2)} > ${critical.toFixed(2)}, ${formatP(tail)})`
    : `no rise beyond ${pct(rules.rateTolerance)} at ${rules.confidence * 100}% confidence (z = ${z.toFixed(2)}, ${formatP(tail)})`;
  return { metric, baseline: base, current: now, z, p: tail.p, regression, conclusion: `${head}: ${verdict}` };
}

function compareLatency(metric: string, base: number | undefined, now: number | undefined, rules = BASELINE_RULES): LatencyComparison[] {
  if (base === undefined || now === undefined) return [];
  const regression = now > base * rules.latencyRatio && now - base >= rules.latencyFloorMs;
  const conclusion = `${metric}: ${base.toFixed(1)} ms → ${now.toFixed(1)} ms (${regression ? "regression: more than" : "within"} ×${rules.latencyRatio} and +${rules.latencyFloorMs} ms)`;
  return [{ metric, baselineMs: base, currentMs: now, regression, conclusion }];
}

/** What differs between the two setups, in the user's words. */
function differences(base: RunResult, now: RunResult): string[] {
  const out: string[] = [];
  const diff = (what: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${what} ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
  };
  diff("app", base.app.name, now.app.name);
  diff("scenario", base.scenario, now.scenario);
  diff("store", base.config.cluster.store, now.config.cluster.store);
  diff("replicas", base.config.cluster.replicas, now.config.cluster.replicas);
  diff("lb", base.config.cluster.lb, now.config.cluster.lb);
  diff("knobs", base.config.cluster.knobs, now.config.cluster.knobs);
  diff("faults", faultTexts(base), faultTexts(now));
  diff("backend", base.config.cluster.backend, now.config.cluster.backend);
  return out;
}

/** This run against an earlier one: every session rate both measured, and p95 latency. Pure. */
export function compareBaseline(baseline: RunResult, path: string, now: RunResult["metrics"], current: RunResult): BaselineComparison {
  const rates = Object.entries(RATES).flatMap(([metric, pick]) => {
    const [b, n] = [pick(baseline.metrics), pick(now)];
    return b === undefined || n === undefined ? [] : [compareRates(metric, b, n)];
  });
  const latency = compareLatency("http_req_duration p95", baseline.metrics.latency?.p95, now.latency?.p95);
  return {
    path,
    runId: baseline.runId,
    rules: BASELINE_RULES,
    differences: differences(baseline, current),
    rates,
    latency,
    regression: [...rates, ...latency].some((c) => c.regression),
  };
}

/**
 * What the console says of the comparison, under the run's verdict: the
 * regressions with the rate or latency that regressed, or that there was none.
 * report.md has the whole table. Pure.
 */
export function baselineConsoleLines(c: BaselineComparison): string[] {
  const compared = [...c.rates, ...c.latency];
  const regressed = compared.filter((x) => x.regression);
  if (regressed.length === 0) return [`no regression against baseline ${c.runId} (${compared.length} compared: ${compared.map((x) => x.metric).join(", ")})`];
  return [`REGRESSION against baseline ${c.runId} (${c.path}):`, ...regressed.map((x) => `  ${x.conclusion}`)];
}

/** The comparison as gates: JUnit, the step summary and the exit code treat a regression as a failed gate. */
export function baselineGates(c: BaselineComparison): GateResult[] {
  return [
    ...c.rates.map((r): GateResult => ({ metric: r.metric, threshold: "no rise vs baseline", text: r.conclusion, judge: "baseline", ok: !r.regression, value: r.current.rate, samples: r.current.total })),
    ...c.latency.map((l): GateResult => ({ metric: l.metric, threshold: "no rise vs baseline", text: l.conclusion, judge: "baseline", ok: !l.regression, value: l.currentMs, samples: 0 })),
  ];
}
