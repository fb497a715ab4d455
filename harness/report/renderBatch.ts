import { marked } from "marked";
import { distinguishingLabels, gateName, gateValue, runLabel, table } from "./format";
import { chartData } from "./html/chartData";
import { chartElement, chartScripts, RATE_AXIS, rateChart } from "./html/renderCharts";
import { RATE_SAMPLES, RATES_SENTENCE } from "./rateSamples";
import { renderComparison } from "./renderComparison";
import { escapeHtml, STYLE } from "./renderHtml";
import { type RunResult } from "./RunResult";

export interface BatchRun {
  result: RunResult;
  /** The run's folder, relative to the comparison's (../<run-id>). */
  href: string;
}

/** comparison.md: the side-by-side table, each run's verdict and report, and every failed gate. Pure. */
export function renderBatchMarkdown(title: string, runs: readonly BatchRun[]): string {
  const results = runs.map((r) => r.result);
  const failed = results.flatMap((r) => r.gates.filter((g) => !g.ok).map((g) => [runLabel(r), gateName(g), gateValue(g)]));
  return [
    `# ${title}: ${results.filter((r) => r.verdict === "pass").length} of ${results.length} runs passed`,
    "",
    renderComparison(results),
    "",
    RATES_SENTENCE,
    "",
    "## Runs",
    "",
    ...runs.map((r) => `- ${r.result.verdict.toUpperCase()} ${runLabel(r.result)}: [report](${r.href}/report.html) · [result.json](${r.href}/result.json)`),
    "",
    ...(failed.length > 0 ? ["## Failed gates", "", table(["run", "gate", "measured"], failed), ""] : []),
  ].join("\n");
}

const RATE_SERIES: [label: string, pick: (r: RunResult) => number | undefined, colour: string][] = [
  [`logouts (% of ${RATE_SAMPLES.logouts})`, (r) => r.metrics.logouts.rate, "#cf222e"],
  [`stale reads (% of ${RATE_SAMPLES.staleReads})`, (r) => r.metrics.staleReads?.rate, "#bf8700"],
  [`lost updates (% of ${RATE_SAMPLES.lostUpdates})`, (r) => r.metrics.lostUpdates?.rate, "#8250df"],
];

/**
 * comparison.html: the markdown's tables, a bar chart of the session rates
 * per run, and each run's rate chart side by side; runs are labelled by what
 * differs between them. Pure.
 */
export function renderBatchHtml(title: string, runs: readonly BatchRun[]): string {
  const results = runs.map((r) => r.result);
  const labels = distinguishingLabels(results);
  const series = RATE_SERIES.filter(([, pick]) => results.some((r) => pick(r) !== undefined));
  const bars = chartElement("rates-by-run", {
    title: "Session anomaly rates by run",
    yTitle: RATE_AXIS,
    yUnit: "%",
    legend: true,
    type: "bar",
    labels,
    datasets: series.map(([label, pick, colour]) => ({ label, data: results.map((r) => +(100 * (pick(r) ?? 0)).toFixed(3)), backgroundColor: colour })),
  });
  const side = runs
    .map((r, i) => {
      const d = chartData(r.result);
      return d ? `<div>${rateChart(`rate-chart-${i}`, d, labels[i] ?? "")}</div>` : "";
    })
    .join("\n");
  const body = marked.parse(renderBatchMarkdown(title, runs), { async: false, gfm: true });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body>
${body}
<h2>Side by side</h2>
${bars}
<div class="charts-side">
${side}
</div>
${chartScripts()}
</body></html>
`;
}
