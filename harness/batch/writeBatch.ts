import { randomBytes } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeFileAtomic } from "../fs/writeFileAtomic";
import { renderBatchHtml, renderBatchMarkdown } from "../report/renderBatch";
import { renderJunit } from "../report/renderJunit";
import { renderStepSummary } from "../report/renderStepSummary";
import { type RunResult } from "../report/RunResult";
import { batchFiles } from "../run/runFiles";
import { timestamp } from "../run/runId";

export interface FinishedRunRef {
  result: RunResult;
  runDir: string;
}

/**
 * Several runs' one comparison: reports/<time>-comparison-<n>runs-<hex>/ with
 * comparison.md, comparison.html (charts side by side), junit.xml (every
 * run's gates) and runs.json. Returns its folder.
 */
export async function writeBatch(reportsDir: string, title: string, runs: readonly FinishedRunRef[], now = new Date()): Promise<string> {
  const dir = join(reportsDir, `${timestamp(now)}-comparison-${runs.length}runs-${randomBytes(2).toString("hex")}`);
  await mkdir(dir, { recursive: true });
  const files = batchFiles(dir);
  const refs = runs.map((r) => ({ result: r.result, href: relative(dir, r.runDir) }));
  await writeFileAtomic(files.comparisonMd, renderBatchMarkdown(title, refs));
  await writeFileAtomic(files.comparisonHtml, renderBatchHtml(title, refs));
  await writeFileAtomic(files.junit, renderJunit(runs.map((r) => r.result)));
  const list = runs.map((r) => ({ runId: r.result.runId, dir: relative(dir, r.runDir), verdict: r.result.verdict, name: r.result.config.name ?? null }));
  await writeFileAtomic(files.runs, JSON.stringify({ title, runs: list }, null, 2) + "\n");
  return dir;
}

/**
 * GitHub Actions' job summary: appended (never overwritten: other steps
 * write there too) when $GITHUB_STEP_SUMMARY names a file.
 */
export async function appendStepSummary(runs: readonly FinishedRunRef[], cwd = process.cwd(), env = process.env): Promise<boolean> {
  const target = env.GITHUB_STEP_SUMMARY;
  if (target === undefined || target === "") return false;
  const byId = new Map(runs.map((r) => [r.result.runId, r.runDir]));
  await appendFile(target, renderStepSummary(runs.map((r) => r.result), (r) => relative(cwd, join(byId.get(r.runId) ?? "", "report.html"))) + "\n");
  return true;
}
