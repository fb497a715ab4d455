import { UsageError } from "../errors/UsageError";
import { parseDuration } from "./parseDuration";

/**
 * The rates the run's history decides (harness/history/): a gate on them is
 * judged by the harness after the run. The first three are also counted live
 * by k6 with the same rule, so they can stop a run early (abortOnFail).
 */
export const HISTORY_GATE_METRICS = ["session_logouts", "login_failures", "server_errors", "session_stale_reads", "session_lost_updates", "session_foreign_data"] as const;
export const LIVE_GATE_METRICS: readonly string[] = ["session_logouts", "login_failures", "server_errors"];

/** What k6 itself measures and judges (its summary says whether a threshold held). */
const K6_METRICS = {
  trend: ["http_req_duration", "http_req_waiting", "http_req_connecting", "iteration_duration", "flow_login", "flow_dashboard", "flow_write", "flow_read_after_write", "flow_concurrent_write", "flow_logout", "flow_iteration"],
  counter: ["http_reqs", "flows_completed", "iterations"],
  rate: ["http_req_failed", "checks"],
} as const;
const K6_STATS = { trend: "avg|min|med|max|p\\(\\d+(\\.\\d+)?\\)", counter: "count|rate", rate: "rate" } as const;

export interface GateSpec {
  /** As written. */
  text: string;
  metric: string;
  /** In k6's threshold form, e.g. rate<=0.001, p(95)<200. */
  threshold: string;
  /** Who decides: the harness from the history, or k6 from its own samples. */
  judge: "history" | "k6";
  /** k6 stops the load as soon as the threshold is crossed (only for metrics k6 measures live). */
  abortOnFail: boolean;
  /** How long k6 waits before it may abort, k6's duration syntax. */
  delayAbortEval?: string;
}

const OP = "(<=|<|>=|>|==)";
const NUMBER = "(\\d+(?:\\.\\d+)?)";

/** "0.1%" → 0.001, "0.25" → 0.25. */
function rateValue(text: string, percent: boolean): number {
  const n = Number(text);
  return percent ? n / 100 : n;
}

/** A number k6's threshold parser takes: 1e-7 written out as 0.0000001. */
const plain = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(12).replace(/0+$/, ""));

const allowedMetrics = (): string => [...HISTORY_GATE_METRICS, ...K6_METRICS.trend, ...K6_METRICS.counter, ...K6_METRICS.rate].join(", ");

/**
 * `--gate` text → a gate. Forms:
 * - `session_logouts<=0.1%` (or `<=0.001`): a rate, for the history's rates and k6's;
 * - `http_req_duration:p(95)<200`: any k6 threshold expression on a k6 metric
 *   (`session_logouts:rate<=0.01` works too);
 * - either, followed by `,abortOnFail` and optionally `,delayAbortEval=10s`.
 * Every problem is one UsageError line naming what is allowed.
 */
export function parseGate(text: string): GateSpec {
  const fail = (why: string): never => {
    throw new UsageError(`--gate ${JSON.stringify(text)}: ${why}`);
  };
  const [expr = "", ...options] = text.split(",").map((s) => s.trim());
  let abortOnFail = false;
  let delayAbortEval: string | undefined;
  for (const o of options) {
    if (o === "abortOnFail") abortOnFail = true;
    else if (o.startsWith("delayAbortEval=")) {
      delayAbortEval = o.slice("delayAbortEval=".length);
      if (parseDuration(delayAbortEval) === undefined) fail(`delayAbortEval=${delayAbortEval} is not a duration: use e.g. 10s`);
    } else fail(`unknown option ${JSON.stringify(o)}: after the expression come abortOnFail and delayAbortEval=DURATION`);
  }
  if (delayAbortEval !== undefined && !abortOnFail) fail("delayAbortEval goes with abortOnFail");

  let metric: string;
  let threshold: string;
  const short = new RegExp(`^([a-z_]+)\\s*${OP}\\s*${NUMBER}(%?)$`).exec(expr);
  const k6form = /^([a-z_]+)\s*:\s*(.+)$/.exec(expr);
  if (short) {
    metric = short[1] ?? "";
    threshold = `rate${short[2] ?? ""}${plain(rateValue(short[3] ?? "", short[4] === "%"))}`;
  } else if (k6form) {
    metric = k6form[1] ?? "";
    const rate = new RegExp(`^rate\\s*${OP}\\s*${NUMBER}(%?)$`).exec(k6form[2]?.trim() ?? "");
    threshold = rate ? `rate${rate[1] ?? ""}${plain(rateValue(rate[2] ?? "", rate[3] === "%"))}` : (k6form[2]?.replace(/\s+/g, "") ?? "");
  } else {
    return fail("write METRIC<=RATE (e.g. session_logouts<=0.1%) or METRIC:K6EXPRESSION (e.g. http_req_duration:p(95)<200)");
  }

  const history = (HISTORY_GATE_METRICS as readonly string[]).includes(metric);
  const kind = (Object.keys(K6_METRICS) as (keyof typeof K6_METRICS)[]).find((k) => (K6_METRICS[k] as readonly string[]).includes(metric));
  if (!history && kind === undefined) fail(`unknown metric ${JSON.stringify(metric)}: gates are on ${allowedMetrics()}`);
  if (history) {
    const m = new RegExp(`^rate${OP}${NUMBER}$`).exec(threshold);
    if (!m || Number(m[2]) > 1) fail(`${metric} is a rate: its gate is rate<=X with X a fraction (0.001) or a percentage (0.1%)`);
    if (abortOnFail && !LIVE_GATE_METRICS.includes(metric)) {
      fail(`abortOnFail needs a metric k6 measures live (${LIVE_GATE_METRICS.join(", ")} or a k6 metric); ${metric} is decided from the whole history after the run`);
    }
  } else if (kind !== undefined && !new RegExp(`^(${K6_STATS[kind]})${OP}${NUMBER}$`).test(threshold)) {
    fail(`${metric} is a k6 ${kind}: its thresholds look like ${kind === "trend" ? "p(95)<200, avg<100, max<=1000" : kind === "counter" ? "count>100, rate>=50" : "rate<0.01"}`);
  }
  return { text, metric, threshold, judge: history ? "history" : "k6", abortOnFail, ...(delayAbortEval === undefined ? {} : { delayAbortEval }) };
}

/** With no gate asked for: one logout, stale read, lost write, leaked session or 5xx fails the run. */
export const DEFAULT_GATES: readonly GateSpec[] = HISTORY_GATE_METRICS.map((metric) => parseGate(`${metric}<=0`));
