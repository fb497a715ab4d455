/**
 * `npm run report -- reports/<run>/result.json`: rebuilds report.md and report.html from
 * result.json alone, e.g. after the renderer improved.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderHtml } from "../report/renderHtml";
import { renderMarkdown } from "../report/renderMarkdown";
import { readResult } from "../report/readResult";

const path = process.argv[2];
if (!path) {
  console.error("session-harness report: give the path of a result.json, e.g. npm run report -- reports/<run-id>/result.json");
  process.exit(2);
}
try {
  const result = readResult(readFileSync(path, "utf8"));
  const dir = dirname(path);
  writeFileSync(join(dir, "report.md"), renderMarkdown(result));
  writeFileSync(join(dir, "report.html"), renderHtml(result));
  console.log(`session-harness report: wrote ${join(dir, "report.md")} and report.html`);
} catch (err) {
  console.error(`session-harness report: ${path}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
