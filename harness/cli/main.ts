/**
 * `npm run scenario`: load the app's profile → parse → check tools → run →
 * print. Bad input and missing tools are reported before anything starts;
 * Ctrl-C stops everything within 2 s and still writes a (partial, aborted)
 * report; a second Ctrl-C, or any error nothing else caught, kills every
 * process of the run at once.
 */
import { join, relative } from "node:path";
import { BACKEND_NAMES, EXTERNAL_BACKEND } from "../cluster/backends";
import { dockerProblem } from "../cluster/docker/dockerClient";
import { type RunConfig } from "../config/RunConfig";
import { UsageError } from "../errors/UsageError";
import { listScenarios } from "../k6/bundleScenario";
import { removeDockerRuns } from "../cluster/docker/sweepDocker";
import { activeRunIds, killActiveRuns } from "../process/activeRuns";
import { loadProfile, type LoadedProfile } from "../profile/loadProfile";
import { renderComparison } from "../report/renderComparison";
import { buildRunConfig } from "../run/buildRunConfig";
import { reportsDir } from "../run/reportsDir";
import { runScenario, type FinishedRun } from "../run/runScenario";
import { findTool, MissingToolError } from "../tools/findTool";
import { K6, NGINX, REDIS, TOXIPROXY } from "../tools/pinnedTools";
import { EXIT, exitCodeFor } from "./exitCodes";
import { helpText } from "./helpText";
import { appArgument, parseArgs } from "./parseArgs";
import { guardOutput } from "./guardOutput";

const log = (line: string): void => console.log(`session-harness: ${line}`);

/** What each run needs on this machine, checked before anything starts (exit 2 with what to do). */
async function checkTools(runs: RunConfig[], loaded: LoadedProfile): Promise<void> {
  findTool(K6);
  for (const r of runs) {
    if (r.cluster.backend === "docker") {
      const problem = await dockerProblem();
      if (problem) throw new UsageError(`--backend docker: ${problem}`);
    } else if (r.cluster.backend === "process") {
      const needsRedis = loaded.profile.stores[r.cluster.store]?.service === "redis";
      for (const tool of [NGINX, ...(needsRedis ? [REDIS, TOXIPROXY] : [])]) findTool(tool);
    }
  }
}

/** Set once every run has ended and its report is written: a signal then interrupts nothing. */
let finalCode: number | undefined;
/** Aborted by the first Ctrl-C or SIGTERM, whenever it comes: before a run starts, nothing will. */
const controller = new AbortController();

function onSignal(sig: string): void {
  if (finalCode !== undefined) process.exit(finalCode);
  if (controller.signal.aborted) {
    log(`${sig} again: killing every process and container of the run now; no report`);
    void killEverything().finally(() => process.exit(EXIT.interrupted));
    return;
  }
  log(`${sig}: stopping k6 and the cluster, writing a partial report … (again to kill at once)`);
  controller.abort();
}

async function main(argv: string[]): Promise<number> {
  const loaded = await loadProfile(appArgument(argv));
  const cmd = parseArgs(argv, loaded.profile);
  if (cmd.kind === "help") {
    console.log(helpText(listScenarios(), BACKEND_NAMES.filter((b) => b !== EXTERNAL_BACKEND), loaded));
    return EXIT.ok;
  }
  const runs = (cmd.kind === "compare" ? cmd.runs : [cmd.run]).map((r) => buildRunConfig(r, loaded));
  await checkTools(runs, loaded);
  const reports = reportsDir();
  if (controller.signal.aborted) return EXIT.interrupted;

  const finished: FinishedRun[] = [];
  for (const run of runs) {
    if (controller.signal.aborted) break;
    const done = await runScenario(run, { reportsDir: reports, profile: loaded, signal: controller.signal, log });
    finished.push(done);
    log(`${done.result.verdict.toUpperCase()}: ${relative(process.cwd(), join(done.runDir, "report.md"))}`);
    for (const note of [...done.result.notes, ...done.result.anomalies.explanations]) console.log(`  - ${note}`);
    if (done.result.error) console.log(`  ! ${done.result.error}`);
  }
  const verdicts = finished.map((f) => f.result.verdict);
  // The code follows the reports: a signal after the last one was written interrupted nothing.
  finalCode =
    verdicts.includes("aborted") || finished.length < runs.length
      ? EXIT.interrupted
      : verdicts.includes("error")
        ? EXIT.failed
        : // A comparison is exploration: some of its runs are meant to fail their gates.
          cmd.kind === "compare"
          ? EXIT.ok
          : exitCodeFor(verdicts[0] ?? "error");
  console.log("");
  console.log(renderComparison(finished.map((f) => f.result)));
  console.log("");
  for (const f of finished) console.log(`  report: ${relative(process.cwd(), join(f.runDir, "report.md"))}`);
  return finalCode;
}

/** Every process of the runs under way at once, then their containers (bounded: the user wants out). */
async function killEverything(): Promise<void> {
  killActiveRuns();
  await Promise.race([removeDockerRuns(activeRunIds()), new Promise((r) => setTimeout(r, 3000).unref())]);
}

/** Nothing caught it: kill what runs, say what happened, exit 1. Never leaves a part behind. */
function lastResort(err: unknown): void {
  try {
    console.error(`session-harness: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    void killEverything().finally(() => process.exit(EXIT.failed));
  }
}

guardOutput();
process.on("SIGINT", () => onSignal("SIGINT"));
process.on("SIGTERM", () => onSignal("SIGTERM"));
process.on("uncaughtException", lastResort);
process.on("unhandledRejection", lastResort);

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
    lastResort(err);
  },
);
