import { gateName, gateValue, runLabel } from "./format";
import { type GateResult, type RunResult } from "./RunResult";

/** XML 1.0 allows no control characters but tab, newline and carriage return, even escaped. */
const allowedInXml = (c: string): boolean => c.charCodeAt(0) >= 0x20 || c === "\t" || c === "\n" || c === "\r";

export const xmlText = (s: string): string =>
  [...s].filter(allowedInXml).join("").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c);

const seconds = (r: RunResult): string => ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(3);

function gateCase(r: RunResult, g: GateResult): string {
  const name = xmlText(gateName(g));
  const cls = xmlText(`session-harness.${r.scenario}.${g.judge ?? "history"}`);
  if (g.ok) return `    <testcase classname="${cls}" name="${name}" time="0"/>`;
  const message = g.judge === "baseline" ? (g.text ?? "regression") : `measured ${gateValue(g)}; gate ${g.threshold}`;
  return `    <testcase classname="${cls}" name="${name}" time="0">\n      <failure type="gate" message="${xmlText(message)}">${xmlText(`${runLabel(r)}\n${message}`)}</failure>\n    </testcase>`;
}

/** A run that did not finish has nothing trustworthy to judge: one errored case says why. */
function runCase(r: RunResult): string[] {
  if (r.verdict !== "error" && r.verdict !== "aborted") return [];
  const why = r.error ?? (r.verdict === "aborted" ? "interrupted before the end" : "the run failed");
  return [`    <testcase classname="session-harness.${xmlText(r.scenario)}.run" name="run completed" time="${seconds(r)}">\n      <error type="${r.verdict}" message="${xmlText(why)}"/>\n    </testcase>`];
}

function suite(r: RunResult): string {
  const cases = [...runCase(r), ...r.gates.map((g) => gateCase(r, g))];
  const failures = r.gates.filter((g) => !g.ok).length;
  const errors = runCase(r).length;
  const props = [
    ["runId", r.runId],
    ["app", r.app.name],
    ["store", r.config.cluster.store],
    ["replicas", String(r.config.cluster.replicas)],
    ["verdict", r.verdict],
    ["report", `reports/${r.runId}/report.html`],
  ];
  return [
    `  <testsuite name="${xmlText(runLabel(r))}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(r)}" timestamp="${r.startedAt.replace(/\.\d+Z$/, "")}">`,
    `    <properties>\n${props.map(([k, v]) => `      <property name="${k}" value="${xmlText(v ?? "")}"/>`).join("\n")}\n    </properties>`,
    ...cases,
    "  </testsuite>",
  ].join("\n");
}

/**
 * JUnit XML: one suite per run, one test case per gate (failures carry the
 * measured value), one errored case for a run that did not finish. The
 * format CI systems read (Jenkins, GitLab, GitHub test reporters). Pure.
 */
export function renderJunit(results: readonly RunResult[]): string {
  const tests = results.reduce((n, r) => n + r.gates.length + runCase(r).length, 0);
  const failures = results.reduce((n, r) => n + r.gates.filter((g) => !g.ok).length, 0);
  const errors = results.reduce((n, r) => n + runCase(r).length, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="session-harness" tests="${tests}" failures="${failures}" errors="${errors}">\n${results.map(suite).join("\n")}\n</testsuites>\n`;
}
