import { int, ms, pct, replicaShares, table } from "./format";
import { type RunResult } from "./RunResult";

const VERDICT_TEXT: Record<RunResult["verdict"], string> = {
  pass: "PASS: every gate held",
  fail: "FAIL: a gate failed",
  aborted: "ABORTED: interrupted before the end; numbers cover the part that ran",
  error: "ERROR: the harness or the cluster failed",
};

/** report.md, rendered from result.json alone. Pure. */
export function renderMarkdown(r: RunResult): string {
  const c = r.config.cluster;
  const m = r.metrics;
  const out: string[] = [
    `# ${r.scenario}: ${VERDICT_TEXT[r.verdict]}`,
    "",
    `Run \`${r.runId}\` · ${c.replicas} replicas · store \`${c.store}\` · lb \`${c.lb}\` · commit \`${c.commit}\` · ` +
      `${r.config.load.vus} VUs for ${r.config.load.duration} · backend \`${c.backend}\``,
    "",
  ];
  if (r.error) out.push(`> ${r.error}`, "");
  if (r.notes.length > 0) out.push("## What happened", "", ...r.notes.map((n) => `- ${n}`), "");
  out.push(
    "## Sessions",
    "",
    table(
      ["metric", "rate", "anomalies", "samples"],
      [
        ["session_logouts", pct(m.logouts.rate), int(m.logouts.hits), int(m.logouts.total)],
        ["login_failures", pct(m.loginFailures.rate), int(m.loginFailures.hits), int(m.loginFailures.total)],
        ["session_store_errors", pct(m.storeErrors.rate), int(m.storeErrors.hits), int(m.storeErrors.total)],
      ],
    ),
    "",
  );
  if (r.gates.length > 0) {
    out.push("## Gates", "", table(["metric", "threshold", "result"], r.gates.map((g) => [g.metric, g.threshold, g.ok ? "ok" : "FAILED"])), "");
  }
  if (r.anomalies.byReplicaPair.length > 0) {
    out.push(
      "## Logouts by replica",
      "",
      "Which replica created the session and which one then answered as if the user were anonymous.",
      "",
      table(
        ["created by", "answered by", "logouts", "share"],
        r.anomalies.byReplicaPair.map((p) => [p.createdBy, p.answeredBy, int(p.count), pct(p.count / Math.max(1, m.logouts.hits))]),
      ),
      "",
    );
  }
  out.push(
    "## Load",
    "",
    `${int(m.requests)} requests (${m.requestsPerSecond.toFixed(0)}/s), ${int(m.flowsCompleted)} flows completed ` +
      `(${m.flowsPerSecond.toFixed(1)}/s). Responses by replica: ${replicaShares(m.replicaResponses)}.`,
    "",
    table(
      ["step", "avg", "p50", "p95", "p99", "max"],
      [
        ...(m.latency ? [["any request", ...trendCells(m.latency)]] : []),
        ...Object.entries(m.flows).map(([step, t]) => [`flow ${step}`, ...trendCells(t)]),
      ],
    ),
    "",
    "## Cluster",
    "",
    table(["part", "address", "log"], r.cluster.parts.map((p) => [p.name, p.address, p.log])),
    "",
    `Entry: ${r.cluster.entryUrl}. Started ${r.startedAt}, finished ${r.finishedAt}. k6 exit code: ${r.k6.exitCode ?? "-"}.`,
    "",
    `Regenerate this file: \`npm run report -- reports/${r.runId}/result.json\``,
    "",
  );
  return out.join("\n");
}

function trendCells(t: { avg: number; med: number; p95: number; p99: number; max: number }): string[] {
  return [ms(t.avg), ms(t.med), ms(t.p95), ms(t.p99), ms(t.max)];
}
