import { marked } from "marked";
import { renderMarkdown } from "./renderMarkdown";
import { type RunResult } from "./RunResult";

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
  h1 { font-size: 1.5rem; } h1.pass { color: #116329; } h1.fail, h1.error { color: #a40e26; } h1.aborted { color: #7d4e00; }
  table { border-collapse: collapse; margin: .5rem 0 1rem; } th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; }
  th { background: #f6f8fa; } td:not(:first-child) { font-variant-numeric: tabular-nums; }
  code { background: #f6f8fa; padding: 0 .25rem; border-radius: 3px; } blockquote { color: #a40e26; margin-left: 0; }
`;

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * report.html: the markdown report as a standalone page (no scripts, no external
 * assets), so a CI artifact viewer shows it as is. The content is the markdown's,
 * so the two can never disagree.
 */
export function renderHtml(r: RunResult): string {
  const body = marked.parse(renderMarkdown(r), { async: false, gfm: true });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(`${r.scenario} ${r.verdict}: ${r.runId}`)}</title>
<style>${STYLE}</style></head>
<body class="${r.verdict}">
${body.replace("<h1>", `<h1 class="${r.verdict}">`)}
</body></html>
`;
}
