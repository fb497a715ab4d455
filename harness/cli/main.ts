/**
 * `npm run scenario`: load the app's profile → parse → check tools → run →
 * print. Bad input and missing tools are reported before anything starts;
 * Ctrl-C stops everything and still writes a (partial, aborted) report.
 */
import { join, relative } from "node:path";
import { BACKEND_NAMES } from "../cluster/backends";
import { type RunConfig } from "../config/RunConfig";
import { UsageError } from "../errors/UsageError";
import { listScenarios } from "../k6/bundleScenario";
import { loadProfile, type LoadedProfile } from "../profile/loadProfile";
import { renderComparison } from "../report/renderComparison";
import { buildRunConfig } from "../run/buildRunConfig";
import { runScenario, type FinishedRun } from "../run/runScenario";
import { findTool, MissingToolError } from "../tools/findTool";
import { K6, NGINX, REDIS, TOXIPROXY } from "../tools/pinnedTools";
import { projectRoot } from "../tools/projectRoot";
import { EXIT, exitCodeFor } from "./exitCodes";
import { helpText } from "./helpText";
import { appArgument, parseArgs } from "./parseArgs";

const log = (line: string): void => console.log(`session-harness: ${line}`);

function checkTools(runs: RunConfig[], loaded: LoadedProfile): void {
  const needsRedis = runs.some((r) => loaded.profile.stores[r.cluster.store]?.service === "redis");
  for (const tool of [K6, NGINX, ...(needsRedis ? [REDIS, TOXIPROXY] : [])]) findTool(tool);
}

async function main(argv: string[]): Promise<number> {
  const loaded = await loadProfile(appArgument(argv));
  const cmd = parseArgs(argv, loaded.profile);
  if (cmd.kind === "help") {
    console.log(helpText(listScenarios(), BACKEND_NAMES, loaded));
    return EXIT.ok;
  }
  const runs = (cmd.kind === "compare" ? cmd.runs : [cmd.run]).map((r) => buildRunConfig(r, loaded));
  checkTools(runs, loaded);

  const controller = new AbortController();
  const onSignal = (sig: string): void => {
    if (!controller.signal.aborted) log(`${sig}: stopping k6 and the cluster, writing a partial report …`);
    controller.abort();
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));

  const reportsDir = process.env.SESSION_HARNESS_REPORTS ?? join(projectRoot(), "reports");
  const finished: FinishedRun[] = [];
  for (const run of runs) {
    if (controller.signal.aborted) break;
    const done = await runScenario(run, { reportsDir, profile: loaded, signal: controller.signal, log });
    finished.push(done);
    log(`${done.result.verdict.toUpperCase()}: ${relative(process.cwd(), join(done.runDir, "report.md"))}`);
    for (const note of [...done.result.notes, ...done.result.anomalies.explanations]) console.log(`  - ${note}`);
    if (done.result.error) console.log(`  ! ${done.result.error}`);
  }
  console.log("");
  console.log(renderComparison(finished.map((f) => f.result)));
  console.log("");
  for (const f of finished) console.log(`  report: ${relative(process.cwd(), join(f.runDir, "report.md"))}`);

  const verdicts = finished.map((f) => f.result.verdict);
  if (controller.signal.aborted || verdicts.includes("aborted")) return EXIT.interrupted;
  if (verdicts.includes("error")) return EXIT.failed;
  // A comparison is exploration: some of its runs are meant to fail their gates.
  if (cmd.kind === "compare") return EXIT.ok;
  return exitCodeFor(verdicts[0] ?? "error");
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof MissingToolError) {
      console.error(`session-harness: ${err.message}`);
      process.exitCode = EXIT.usage;
      return;
    }
    console.error(`session-harness: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = EXIT.failed;
  },
);
