/**
 * `npm run report -- reports/<run>/result.json`: rebuilds report.md from
 * result.json alone, e.g. after the renderer improved.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderMarkdown } from "../report/renderMarkdown";
import { readResult } from "../report/readResult";

const path = process.argv[2];
if (!path) {
  console.error("session-harness report: give the path of a result.json, e.g. npm run report -- reports/<run-id>/result.json");
  process.exit(2);
}
try {
  const result = readResult(readFileSync(path, "utf8"));
  const out = join(dirname(path), "report.md");
  writeFileSync(out, renderMarkdown(result));
  console.log(`session-harness report: wrote ${out}`);
} catch (err) {
  console.error(`session-harness report: ${path}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
