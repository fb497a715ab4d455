import { gateName, gateValue, int, ms, pct, replicaShares, table } from "./format";
import { renderPlumbing } from "./renderPlumbing";
import { type RateStats, type RunResult } from "./RunResult";

const VERDICT_TEXT: Record<RunResult["verdict"], string> = {
  pass: "PASS: every gate held",
  fail: "FAIL: a gate failed",
  aborted: "ABORTED: interrupted before the end; numbers cover the part that ran",
  error: "ERROR: the harness or the cluster failed",
};

/** The harness's own plumbing failed, so the run has no verdict on the app. */
export const harnessFailed = (r: RunResult): boolean => r.verdict === "error" && r.plumbing?.failure !== undefined;

/**
 * The sentences under "What happened" (and under the verdict in the
 * terminal). A harness failure's 5xx attributed to "replica unreachable" would
 * read as the app's, so its anomaly explanations are left out.
 */
export const whatHappened = (r: RunResult): string[] => [...r.notes, ...(harnessFailed(r) ? [] : r.anomalies.explanations)];

/** The first line: when the harness's own plumbing failed, what failed and how to avoid it, before anything else. */
function title(r: RunResult): string {
  const failure = harnessFailed(r) ? r.plumbing?.failure : undefined;
  if (failure === undefined) return `# ${r.scenario}: ${VERDICT_TEXT[r.verdict]}`;
  return `# ${r.scenario}: ERROR: the harness failed, not the app: ${failure.headline}. To avoid it: ${failure.avoid}`;
}

/** report.md, rendered from result.json alone. Pure. */
export function renderMarkdown(r: RunResult): string {
  const c = r.config.cluster;
  const knobs = Object.entries(c.knobs).map(([k, v]) => ` · ${k} \`${v}\``).join("");
  const failed = harnessFailed(r);
  const out: string[] = [
    title(r),
    "",
    `Run \`${r.runId}\` · app \`${r.app.name}\` · ${c.replicas} replicas · store \`${c.store}\` · lb \`${c.lb}\`${knobs} · ` +
      `${users(r)} for ${r.config.load.duration} · backend \`${c.backend}\``,
    "",
  ];
  // The title already says it when the plumbing failed.
  if (r.error && !failed) out.push(`> ${r.error}`, "");
  const why = whatHappened(r);
  if (why.length > 0) out.push("## What happened", "", ...why.map((n) => `- ${n}`), "");
  const plumbing = renderPlumbing(r.plumbing);
  out.push(...(failed ? plumbing : []), ...sessions(r), ...gates(r), ...causes(r), ...faults(r), ...replicaPairs(r), ...load(r), ...(failed ? [] : plumbing), ...cluster(r));
  return out.join("\n");
}

function users(r: RunResult): string {
  const http = r.config.load.httpVus;
  return http === undefined ? `${r.config.load.vus} VUs` : `${r.config.load.vus} browser users (Chromium) + ${http} HTTP users (k6)`;
}

/** A browser run: the same rates for each kind of client, each on its own sessions. */
function byClient(r: RunResult): string[] {
  if (r.byClient === undefined) return [];
  const cell = (s: RateStats | undefined): string => (s === undefined ? "-" : `${pct(s.rate)} (${int(s.hits)}/${int(s.total)})`);
  const rows = (["browser", "http"] as const).flatMap((k) => {
    const c = r.byClient?.[k];
    return c === undefined ? [] : [[k === "browser" ? "browser (Chromium)" : "HTTP (k6)", int(c.requests), cell(c.logouts), cell(c.staleReads), cell(c.lostUpdates), cell(c.loginFailures)]];
  });
  return [
    "By client, each on its own sessions. A browser follows a redirect as soon as its headers arrive and applies every cookie rule; k6's HTTP client reads whole answers first, and its cookie jar knows nothing of SameSite.",
    "",
    table(["client", "requests", "logouts", "stale reads", "lost updates", "login failures"], rows),
    "",
  ];
}

function sessions(r: RunResult): string[] {
  const m = r.metrics;
  const rows: [string, RateStats | undefined][] = [
    ["session_logouts", m.logouts],
    ["session_stale_reads", m.staleReads],
    ["session_lost_updates", m.lostUpdates],
    ["session_monotonic_violations", m.monotonicViolations],
    ["session_foreign_data", m.foreignData],
    ["login_failures", m.loginFailures],
    ["server_errors", m.serverErrors],
  ];
  const present = rows.filter((row): row is [string, RateStats] => row[1] !== undefined);
  const out = [
    "## Sessions",
    "",
    "Decided from the run's history of every request (see docs/history-checker.md).",
    "",
    table(["metric", "rate", "anomalies", "samples"], present.map(([name, s]) => [name, pct(s.rate), int(s.hits), int(s.total)])),
    "",
    ...byClient(r),
  ];
  const byKind = Object.entries(m.staleReadsByKind ?? {}).filter(([, n]) => n > 0);
  if (byKind.length > 0) out.push(`Stale reads by kind: ${byKind.map(([k, n]) => `${k} ${int(n)}`).join(", ")}.`, "");
  const app = Object.entries(m.app).filter(([, v]) => v > 0);
  if (app.length > 0) {
    out.push("Counted by the replicas themselves (their metrics, summed):", "", table(["counter", "value"], app.map(([k, v]) => [k, String(+v.toFixed(3))])), "");
  }
  return out;
}

function gates(r: RunResult): string[] {
  if (r.gates.length === 0) return [];
  const own = r.gates.filter((g) => g.judge !== "baseline");
  const from = { user: "set for this run", profile: "the app profile's", default: "the harness's defaults: any anomaly fails" }[r.config.gatesFrom ?? "default"];
  const rows = own.map((g) => [gateName(g), g.judge === "k6" ? "k6" : "history", gateValue(g), g.ok ? (g.samples === 0 && g.judge !== "k6" ? "ok (no samples)" : "ok") : "FAILED"]);
  const out = ["## Gates", "", `Gates: ${from}.`, "", table(["gate", "judged by", "measured", "result"], rows), ""];
  return [...out, ...baseline(r)];
}

function baseline(r: RunResult): string[] {
  const b = r.baseline;
  if (!b) return [];
  const rules = `a rate regresses when it rose by more than ${pct(b.rules.rateTolerance)} with ${b.rules.confidence * 100}% confidence (one-sided two-proportion z-test); p95 latency when it rose by more than ×${b.rules.latencyRatio} and ${b.rules.latencyFloorMs} ms`;
  return [
    "## Against the baseline",
    "",
    `Compared with run \`${b.runId}\` (${b.path}): ${b.regression ? "**a regression**" : "no regression"}. Rule: ${rules}.`,
    "",
    ...(b.differences.length > 0 ? [`The setups differ: ${b.differences.join("; ")}.`, ""] : []),
    ...[...b.rates, ...b.latency].map((c) => `- ${c.regression ? "REGRESSION " : ""}${c.conclusion}`),
    "",
  ];
}

function causes(r: RunResult): string[] {
  const rows = Object.entries(r.anomalies.byCause).sort((a, b) => b[1] - a[1]);
  if (rows.length === 0) return [];
  return [
    "## Anomalies by cause",
    "",
    table(["cause", "anomalies", "share"], rows.map(([cause, n]) => [cause, int(n), pct(n / r.anomalies.total)])),
    "",
    ...evidence(r),
  ];
}

function evidence(r: RunResult): string[] {
  const rows = Object.entries(r.anomalies.byEvidence ?? {}).sort((a, b) => b[1] - a[1]);
  if (rows.length === 0) return [];
  return ["In words, with the evidence:", "", ...rows.map(([sentence, n]) => `- ${int(n)}: ${sentence}`), ""];
}

function faults(r: RunResult): string[] {
  if (r.faults.length === 0) return [];
  return [
    "## Faults",
    "",
    table(
      ["at (s into the load)", "event", "fault", "detail"],
      r.faults.map((f) => [(f.offsetMs / 1000).toFixed(2), f.event, f.fault, f.detail ?? ""]),
    ),
    "",
    table(
      ["while", "anomalies", "by kind"],
      r.anomalies.byFaultWindow.map((w) => [w.window, int(w.count), Object.entries(w.byKind).map(([k, n]) => `${k} ${n}`).join(", ")]),
    ),
    "",
  ];
}

function replicaPairs(r: RunResult): string[] {
  const pairs = r.anomalies.byReplicaPair;
  if (pairs.length === 0) return [];
  return [
    "## By replica",
    "",
    "Which replica created the session or acknowledged the write, and which one answered the read that missed it (as the harness's nginx named them).",
    "",
    table(["anomaly", "written / created by", "read by", "count"], pairs.map((p) => [p.kind, p.source, p.reader, int(p.count)])),
    "",
  ];
}

function load(r: RunResult): string[] {
  const m = r.metrics;
  const cells = (t: { avg: number; med: number; p95: number; p99: number; max: number }): string[] => [ms(t.avg), ms(t.med), ms(t.p95), ms(t.p99), ms(t.max)];
  return [
    "## Load",
    "",
    `${int(m.requests)} requests (${m.requestsPerSecond.toFixed(0)}/s), ${int(m.flowsCompleted)} flows completed ` +
      `(${m.flowsPerSecond.toFixed(1)}/s). Responses by replica: ${replicaShares(m.replicaResponses)}.`,
    "",
    table(
      ["step", "avg", "p50", "p95", "p99", "max"],
      [...(m.latency ? [["any request", ...cells(m.latency)]] : []), ...Object.entries(m.flows).map(([step, t]) => [`flow ${step}`, ...cells(t)])],
    ),
    "",
  ];
}

function cluster(r: RunResult): string[] {
  return [
    "## Cluster",
    "",
    table(["part", "role", "address", "log"], r.cluster.parts.map((p) => [p.name, p.role, p.address, p.log])),
    "",
    `Entry: ${r.cluster.entryUrl}. Started ${r.startedAt}, finished ${r.finishedAt}. k6 exit code: ${r.k6.exitCode ?? "-"}.`,
    "",
    `Regenerate this file: \`npm run report -- reports/${r.runId}/result.json\``,
    "",
  ];
}
