/**
 * `npm run report -- reports/<run>/result.json`: rebuilds report.md and report.html from
 * result.json alone, e.g. after the renderer improved. A file that is not a
 * whole result is one line and exit 2; nothing is written.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "../fs/writeFileAtomic";
import { readResult } from "../report/readResult";
import { renderHtml } from "../report/renderHtml";
import { renderMarkdown } from "../report/renderMarkdown";
import { EXIT } from "./exitCodes";

async function main(path: string | undefined): Promise<number> {
  if (!path) {
    console.error("session-harness report: give the path of a result.json, e.g. npm run report -- reports/<run-id>/result.json");
    return EXIT.usage;
  }
  let result;
  try {
    result = readResult(readFileSync(path, "utf8"));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(`session-harness report: ${basename(path)}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
    return EXIT.usage;
  }
  const dir = dirname(path);
  await writeFileAtomic(join(dir, "report.md"), renderMarkdown(result));
  await writeFileAtomic(join(dir, "report.html"), renderHtml(result));
  console.log(`session-harness report: wrote ${join(dir, "report.md")} and report.html`);
  return EXIT.ok;
}

main(process.argv[2]).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`session-harness report: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = EXIT.failed;
  },
);
