import { marked } from "marked";
import { chartData } from "./html/chartData";
import { CHART_STYLE, chartScripts, heatMap, latencyChart, rateChart } from "./html/renderCharts";
import { renderMarkdown } from "./renderMarkdown";
import { type RunResult } from "./RunResult";

export const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
  h1 { font-size: 1.5rem; } h1.pass { color: #116329; } h1.fail, h1.error { color: #a40e26; } h1.aborted { color: #7d4e00; }
  table { border-collapse: collapse; margin: .5rem 0 1rem; } th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; }
  th { background: #f6f8fa; } td:not(:first-child) { font-variant-numeric: tabular-nums; }
  code { background: #f6f8fa; padding: 0 .25rem; border-radius: 3px; } blockquote { color: #a40e26; margin-left: 0; }
  ${CHART_STYLE}
`;

export const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The charts, placed after the "What happened" notes; nothing when the result has no timeline. */
function charts(r: RunResult): string {
  const d = chartData(r);
  if (!d) return "";
  const heat = heatMap(d);
  return [
    `<h2>Over time</h2>`,
    rateChart("rate-chart", d),
    latencyChart("latency-chart", d),
    ...(heat ? [`<h3>Which replica pairs are hot</h3><p>Logouts and stale reads by the replica that created the session or acknowledged the write, and the one that answered the read.</p>`, heat] : []),
  ].join("\n");
}

/**
 * report.html: the markdown report as one standalone page, with charts drawn
 * from result.json's timeline by an inlined Chart.js (no network). The
 * tables are the markdown's, so the two cannot disagree.
 */
export function renderHtml(r: RunResult): string {
  const body = marked.parse(renderMarkdown(r), { async: false, gfm: true }).replace("<h1>", `<h1 class="${r.verdict}">`);
  const chartHtml = charts(r);
  // The charts go before the first table section, right after what happened.
  const at = body.indexOf("<h2>Sessions</h2>");
  const page = chartHtml === "" ? body : at < 0 ? body + chartHtml : body.slice(0, at) + chartHtml + "\n" + body.slice(at);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`${r.scenario} ${r.verdict}: ${r.runId}`)}</title>
<style>${STYLE}</style></head>
<body class="${r.verdict}">
${page}
${chartHtml === "" ? "" : chartScripts()}
</body></html>
`;
}
