/**
 * `npm run scenario`: load the app's profile → parse → check tools → run →
 * print. Bad input and missing tools are reported before anything starts;
 * Ctrl-C stops everything within 2 s and still writes a (partial, aborted)
 * report; a second Ctrl-C, or any error nothing else caught, kills every
 * process of the run at once.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expandConfig } from "../batch/expandConfig";
import { loadConfigFile, type LoadedConfig } from "../batch/loadConfigFile";
import { appendStepSummary, writeBatch } from "../batch/writeBatch";
import { BACKEND_NAMES, EXTERNAL_BACKEND } from "../cluster/backends";
import { dockerProblem } from "../cluster/docker/dockerClient";
import { AUDIT_SCENARIO, DEFAULT_SCENARIO, isBrowserScenario, type RunConfig } from "../config/RunConfig";
import { renderAuditConsole } from "../audit/renderAudit";
import { runAudit } from "../run/runAudit";
import { UsageError } from "../errors/UsageError";
import { listScenarios } from "../k6/bundleScenario";
import { removeDockerRuns } from "../cluster/docker/sweepDocker";
import { activeRunIds, killActiveRuns } from "../process/activeRuns";
import { loadProfile, type LoadedProfile } from "../profile/loadProfile";
import { renderComparison } from "../report/renderComparison";
import { buildRunConfig, type RunRequest } from "../run/buildRunConfig";
import { baselineConsoleLines } from "../report/compareBaseline";
import { readResult } from "../report/readResult";
import { harnessFailed, whatHappened } from "../report/renderMarkdown";
import { type RunResult } from "../report/RunResult";
import { reportsDir } from "../run/reportsDir";
import { runScenario, type FinishedRun } from "../run/runScenario";
import { CHROMIUM } from "../k6/runK6";
import { findTool, MissingToolError, onPath } from "../tools/findTool";
import { K6, NGINX, TOXIPROXY } from "../tools/pinnedTools";
import { topologyNamed } from "../topology/topologies";
import { EXIT } from "./exitCodes";
import { helpText } from "./helpText";
import { appArgument, configArgument, parseArgs, type Command } from "./parseArgs";
import { guardOutput } from "./guardOutput";

const log = (line: string): void => console.log(`session-harness: ${line}`);

/** What each run needs on this machine, checked before anything starts (exit 2 with what to do). */
async function checkTools(runs: RunConfig[], loaded: LoadedProfile): Promise<void> {
  findTool(K6);
  for (const r of runs) {
    if (isBrowserScenario(r.scenario) && onPath(CHROMIUM) === undefined) throw new MissingToolError(CHROMIUM);
    if (r.cluster.tls === true && onPath("openssl") === undefined) throw new MissingToolError("openssl");
    if (r.cluster.backend === "docker") {
      const problem = await dockerProblem();
      if (problem) throw new UsageError(`--backend docker: ${problem}`);
    } else if (r.cluster.backend === "process") {
      const topology = topologyNamed(loaded.profile.stores[r.cluster.store]?.service ?? "none");
      const programs = [...new Set(topology.nodes.map((n) => n.program))];
      for (const tool of [NGINX, ...programs, ...(topology.endpoints.length > 0 ? [TOXIPROXY] : [])]) findTool(tool);
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

/** The runs argv asks for, and what to call them together. */
function requestsFor(cmd: Exclude<Command, { kind: "help" }>, config: LoadedConfig | undefined): { requests: RunRequest[]; title: string } {
  switch (cmd.kind) {
    case "run":
      return { requests: [cmd.run], title: cmd.run.scenario ?? DEFAULT_SCENARIO };
    case "compare":
      return { requests: cmd.runs, title: `--compare ${cmd.knob}` };
    case "config": {
      if (!config) throw new UsageError(`--config ${cmd.path}: not loaded`);
      const requests = expandConfig(config.config, config.dir, { gates: cmd.gates, ...(cmd.baseline === undefined ? {} : { baseline: cmd.baseline }), cwd: process.cwd() });
      return { requests, title: relative(process.cwd(), config.file) };
    }
  }
}

/** Every baseline the runs name, read and checked before anything starts. */
function readBaselines(runs: readonly RunConfig[]): Map<string, RunResult> {
  const out = new Map<string, RunResult>();
  for (const path of new Set(runs.flatMap((r) => (r.baseline === undefined ? [] : [r.baseline])))) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw new UsageError(`--baseline ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give an earlier run's result.json`);
    }
    try {
      out.set(path, readResult(text));
    } catch (err) {
      throw new UsageError(`--baseline ${path}: ${(err as Error).message}`);
    }
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const configPath = configArgument(argv);
  const config = configPath === undefined ? undefined : await loadConfigFile(configPath);
  if (config?.app !== undefined && appArgument(argv) !== undefined) throw new UsageError(`--app and the config's app (${config.app}) both name the app: keep one`);
  const loaded = await loadProfile(config?.app ?? appArgument(argv));
  const cmd = parseArgs(argv, loaded.profile);
  if (cmd.kind === "help") {
    console.log(helpText(listScenarios(), BACKEND_NAMES.filter((b) => b !== EXTERNAL_BACKEND), loaded));
    return EXIT.ok;
  }
  const { requests, title } = requestsFor(cmd, config);
  const runs = requests.map((r) => buildRunConfig(r, loaded));
  const baselines = readBaselines(runs);
  await checkTools(runs, loaded);
  const reports = reportsDir();
  if (controller.signal.aborted) return EXIT.interrupted;
  const audits = runs.filter((r) => r.scenario === AUDIT_SCENARIO);
  if (audits.length > 0 && runs.length > 1) throw new UsageError(`${AUDIT_SCENARIO} runs alone: leave out --compare and the config file, and run it once per setup`);
  if (audits[0] !== undefined) return audit(audits[0], loaded, reports);

  const finished: FinishedRun[] = [];
  for (const [i, run] of runs.entries()) {
    if (controller.signal.aborted) break;
    if (runs.length > 1) log(`run ${i + 1} of ${runs.length}${run.name === undefined ? "" : `: ${run.name}`}`);
    const baseline = run.baseline === undefined ? undefined : baselines.get(run.baseline);
    const done = await runScenario(run, {
      reportsDir: reports,
      profile: loaded,
      signal: controller.signal,
      log,
      progress: { tty: process.stdout.isTTY === true && process.env.CI !== "true", write: (text) => process.stdout.write(text) },
      ...(baseline && run.baseline ? { baseline: { path: run.baseline, result: baseline } } : {}),
    });
    finished.push(done);
    log(`${done.result.verdict.toUpperCase()}: ${relative(process.cwd(), join(done.runDir, "report.md"))}`);
    if (done.result.baseline) for (const line of baselineConsoleLines(done.result.baseline)) console.log(`  ${line}`);
    // A harness failure is said first, as report.md's first line says it.
    const first = harnessFailed(done.result);
    if (first && done.result.error) console.log(`  ! ${done.result.error}`);
    for (const note of whatHappened(done.result)) console.log(`  - ${note}`);
    if (done.result.error && !first) console.log(`  ! ${done.result.error}`);
  }
  const verdicts = finished.map((f) => f.result.verdict);
  // A comparison is exploration (some of its runs are meant to fail the default gates), unless the user set gates or a baseline.
  const gated = cmd.kind === "run" || runs.some((r) => r.gatesFrom === "user" || r.baseline !== undefined);
  // The code follows the reports: a signal after the last one was written interrupted nothing.
  finalCode =
    verdicts.includes("aborted") || finished.length < runs.length
      ? EXIT.interrupted
      : verdicts.includes("error")
        ? EXIT.failed
        : gated && verdicts.includes("fail")
          ? EXIT.gate
          : EXIT.ok;
  console.log("");
  console.log(renderComparison(finished.map((f) => f.result)));
  console.log("");
  for (const f of finished) console.log(`  report: ${relative(process.cwd(), join(f.runDir, "report.html"))}`);
  if (finished.length > 1) {
    const dir = await writeBatch(reports, title, finished);
    console.log(`  comparison: ${relative(process.cwd(), join(dir, "comparison.html"))} (junit.xml beside it)`);
  }
  if (await appendStepSummary(finished)) log("appended the verdicts to $GITHUB_STEP_SUMMARY");
  return finalCode;
}

/** `npm run scenario -- session-audit`: a checklist, not a load run; every check is a gate. */
async function audit(run: RunConfig, loaded: LoadedProfile, reports: string): Promise<number> {
  const done = await runAudit(run, {
    reportsDir: reports,
    profile: loaded,
    signal: controller.signal,
    log,
    onCheck: (c) => log(`${c.verdict === "pass" ? "ok  " : c.verdict === "not-applicable" ? "n/a " : c.verdict === "fail" ? "FAIL" : "??  "} ${c.id} (${(c.ms / 1000).toFixed(1)} s)`),
  });
  const r = done.result;
  finalCode = r.verdict === "aborted" ? EXIT.interrupted : r.verdict === "error" ? EXIT.failed : r.verdict === "fail" ? EXIT.gate : EXIT.ok;
  console.log("");
  console.log(`session audit ${r.verdict.toUpperCase()}: ${r.counts.pass} pass, ${r.counts.fail} fail, ${r.counts.inconclusive} inconclusive, ${r.counts["not-applicable"]} not applicable`);
  console.log(renderAuditConsole(r));
  if (r.error) console.log(`  ! ${r.error}`);
  console.log("");
  console.log(`  report: ${relative(process.cwd(), join(done.runDir, "audit.html"))} (audit.md, audit.json and junit.xml beside it)`);
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
