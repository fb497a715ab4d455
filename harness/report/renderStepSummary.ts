import { gateName, gateValue, pct, runLabel, table } from "./format";
import { type RateStats, type RunResult } from "./RunResult";

const ICON: Record<RunResult["verdict"], string> = { pass: "✅ PASS", fail: "❌ FAIL", aborted: "⚠️ ABORTED", error: "💥 ERROR" };
const rate = (s: RateStats | undefined): string => (s ? `${pct(s.rate)} (${s.hits}/${s.total})` : "-");

/**
 * The Markdown appended to $GITHUB_STEP_SUMMARY: each run's verdict and
 * session rates, then every failed gate with what was measured. Pure; the same
 * verdicts as junit.xml, from the same results.
 */
export function renderStepSummary(results: readonly RunResult[], reportPath: (r: RunResult) => string): string {
  const failed = results.flatMap((r) => r.gates.filter((g) => !g.ok).map((g) => [runLabel(r), gateName(g), gateValue(g), g.threshold]));
  const out = [
    `### session-harness: ${results.length} run${results.length === 1 ? "" : "s"}, ${results.filter((r) => r.verdict === "pass").length} passed`,
    "",
    table(
      ["run", "verdict", "logouts", "stale reads", "lost updates", "gates", "report"],
      results.map((r) => [
        runLabel(r),
        ICON[r.verdict],
        rate(r.metrics.logouts),
        rate(r.metrics.staleReads),
        rate(r.metrics.lostUpdates),
        `${r.gates.filter((g) => g.ok).length}/${r.gates.length} held`,
        `\`${reportPath(r)}\``,
      ]),
    ),
    "",
  ];
  if (failed.length > 0) out.push("Failed gates:", "", table(["run", "gate", "measured", "threshold"], failed), "");
  for (const r of results) if (r.baseline?.regression) out.push(`Regression in ${runLabel(r)} against baseline \`${r.baseline.runId}\`.`, "");
  return out.join("\n");
}
