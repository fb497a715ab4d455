import { marked } from "marked";
import { escapeHtml, STYLE } from "../report/renderHtml";
import { xmlText } from "../report/renderJunit";
import { type AuditVerdict, type CheckResult } from "./AuditCheck";
import { type Exchange } from "./AuditHttp";
import { type AuditResult } from "./AuditResult";

const LABEL: Record<AuditVerdict, string> = { pass: "PASS", fail: "FAIL", "not-applicable": "NOT APPLICABLE", inconclusive: "INCONCLUSIVE" };
/** Evidence shown per check in the reports; audit.json keeps every exchange. */
const SHOWN_EXCHANGES = 8;

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
/** Long ids shortened: the evidence shows which cookie, not the secret itself. */
const shorten = (s: string): string => s.replace(/(?=[A-Za-z_-]*[0-9])([A-Za-z0-9_-]{8})[A-Za-z0-9_-]{12,}/g, "$1…");
const asvs = (c: CheckResult): string => (c.asvs.length > 0 ? c.asvs.join(", ") : "seeds 000/002");

function exchangeLine(e: Exchange): string {
  const sent = [e.request.headers.cookie ? `Cookie: ${e.request.headers.cookie}` : "", ...Object.entries(e.request.headers).filter(([k]) => k !== "cookie").map(([k, v]) => `${k}: ${v}`)].filter((s) => s !== "");
  const got = [
    ...Object.entries(e.headers).map(([k, v]) => `${k}: ${v}`),
    ...e.setCookies.map((c) => `set-cookie: ${c}`),
  ];
  const answer = e.status === 0 ? `no answer (${e.error ?? "?"})` : `${e.status}${e.replica ? ` from ${e.replica}` : ""}`;
  return shorten(`\`${e.request.method} ${e.request.path}\`${sent.length ? ` (${sent.join("; ")})` : ""} → **${answer}**${got.length ? `: ${got.join("; ")}` : ""}`);
}

function evidence(c: CheckResult): string[] {
  if (c.evidence.length === 0) return ["- no requests were needed"];
  const shown = c.evidence.slice(0, SHOWN_EXCHANGES).map((e) => `- ${exchangeLine(e)}`);
  const more = c.evidence.length - SHOWN_EXCHANGES;
  return more > 0 ? [...shown, `- … and ${more} more (every exchange is in audit.json)`] : shown;
}

export function auditTitle(r: AuditResult): string {
  const weak = r.app.weaken.length > 0 ? ` · weakened: ${r.app.weaken.join(", ")}` : "";
  return `${r.app.name} · store ${r.app.store} · ${r.replicas} replicas${weak}`;
}

/** audit.md: a checklist a reviewer can sign off, requirement by requirement, with the evidence under each. */
export function renderAuditMarkdown(r: AuditResult): string {
  const n = r.counts;
  const lines = [
    `# Session audit: ${r.verdict.toUpperCase()}`,
    "",
    `${auditTitle(r)} · run \`${r.runId}\` · ${r.startedAt}`,
    "",
    `**${n.pass} pass, ${n.fail} fail, ${n.inconclusive} inconclusive, ${n["not-applicable"]} not applicable** of ${r.checks.length} checks. Requirements are OWASP ASVS 5.0; an inconclusive check fails the audit too, since it was not shown to hold.`,
    ...(r.error ? ["", `> The audit could not run to the end: ${r.error}`] : []),
    "",
    "| # | Check | ASVS 5.0 | Verdict | Why |",
    "|---|---|---|---|---|",
    ...r.checks.map((c, i) => `| ${i + 1} | ${cell(c.title)} | ${asvs(c)} | **${LABEL[c.verdict]}** | ${cell(shorten(c.why))} |`),
    "",
    "## Evidence",
    "",
  ];
  for (const [i, c] of r.checks.entries()) {
    lines.push(`### ${i + 1}. ${c.id}: ${LABEL[c.verdict]}`, "", `${c.title} (${asvs(c)}). ${shorten(c.why)}`, "", ...evidence(c), "");
  }
  lines.push("## How it was run", "", `Backend ${r.cluster.backend}, entry ${r.cluster.entryUrl}, balancing ${r.lb}; knobs ${Object.entries(r.app.knobs).map(([k, v]) => `${k}=${v}`).join(", ") || "none"}.`, "");
  return lines.join("\n");
}

export function renderAuditHtml(r: AuditResult): string {
  const body = marked.parse(renderAuditMarkdown(r), { async: false, gfm: true }).replace("<h1>", `<h1 class="${r.verdict}">`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`session audit ${r.verdict}: ${r.runId}`)}</title>
<style>${STYLE}</style></head>
<body class="${r.verdict}">
${body}
</body></html>
`;
}

/** One test case per check: a failure for FAIL, an error for INCONCLUSIVE, skipped for NOT APPLICABLE. */
export function renderAuditJunit(r: AuditResult): string {
  const suiteName = xmlText(`session-audit ${auditTitle(r)}`);
  const cases = r.checks.map((c) => {
    const open = `    <testcase classname="session-harness.session-audit" name="${xmlText(`${c.id}: ${c.title}`)}" time="${(c.ms / 1000).toFixed(3)}"`;
    if (c.verdict === "pass") return `${open}/>`;
    const inner =
      c.verdict === "fail"
        ? `<failure type="audit" message="${xmlText(c.why)}">${xmlText(`${asvs(c)}\n${c.why}`)}</failure>`
        : c.verdict === "inconclusive"
          ? `<error type="inconclusive" message="${xmlText(c.why)}"/>`
          : `<skipped message="${xmlText(c.why)}"/>`;
    return `${open}>\n      ${inner}\n    </testcase>`;
  });
  const errors = r.counts.inconclusive + (r.error ? 1 : 0);
  const runError = r.error ? [`    <testcase classname="session-harness.session-audit" name="audit completed" time="0">\n      <error type="${r.verdict}" message="${xmlText(r.error)}"/>\n    </testcase>`] : [];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="session-harness" tests="${r.checks.length + runError.length}" failures="${r.counts.fail}" errors="${errors}">`,
    `  <testsuite name="${suiteName}" tests="${r.checks.length + runError.length}" failures="${r.counts.fail}" errors="${errors}" skipped="${r.counts["not-applicable"]}" timestamp="${r.startedAt}">`,
    ...runError,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/** The console's checklist: one line per check. */
export function renderAuditConsole(r: AuditResult): string {
  const width = Math.max(...r.checks.map((c) => c.id.length));
  return r.checks.map((c) => `  ${LABEL[c.verdict].padEnd(14)} ${c.id.padEnd(width)}  ${shorten(c.why)}`).join("\n");
}
