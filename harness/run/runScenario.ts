import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { backendNamed } from "../cluster/backends";
import { type ClusterDescription, type StartedCluster } from "../cluster/Cluster";
import { type RunConfig } from "../config/RunConfig";
import { FaultScheduler } from "../faults/FaultScheduler";
import { checkHistory } from "../history/checkHistory";
import { crossCheck } from "../history/crossChecks";
import { readHistory } from "../history/readHistory";
import { bundleScenario } from "../k6/bundleScenario";
import { readSummary } from "../k6/readK6Output";
import { startK6 } from "../k6/runK6";
import { buildPlan } from "../plan/buildPlan";
import { RunLedger } from "../process/RunLedger";
import { sweepStaleRuns } from "../process/sweepStaleRuns";
import { type LoadedProfile } from "../profile/loadProfile";
import { aggregate } from "../report/aggregate";
import { renderHtml } from "../report/renderHtml";
import { renderMarkdown } from "../report/renderMarkdown";
import { type RunResult, type RunStatus } from "../report/RunResult";
import { appInfo } from "./appInfo";
import { runFiles } from "./runFiles";
import { newRunId } from "./runId";
import { scenarioEnv } from "./scenarioEnv";
import { scrapeReplicaMetrics } from "./scrapeReplicaMetrics";

export interface RunOptions {
  reportsDir: string;
  /** The app under test, as loaded for `config.cluster.app`. */
  profile: LoadedProfile;
  /** Aborted on Ctrl-C: k6 is interrupted, the cluster stopped, the report marked aborted. */
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface FinishedRun {
  result: RunResult;
  runDir: string;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";

const ndjson = (items: readonly unknown[]): string => items.map((x) => JSON.stringify(x) + "\n").join("");

/**
 * One scenario on one fresh cluster: plan → start → load (with faults) → stop
 * → check the history → aggregate → render. Whatever happens in between, the
 * cluster is stopped and a result.json is written (marked aborted or failed
 * when it did not run to the end).
 */
export async function runScenario(config: RunConfig, opts: RunOptions): Promise<FinishedRun> {
  for (const swept of sweepStaleRuns(opts.reportsDir)) {
    opts.log(`swept leftovers of crashed run ${swept.runId}: ${swept.killed.join(", ")}`);
  }
  const { profile } = opts.profile;
  const runId = newRunId(config, profile.name);
  const runDir = join(opts.reportsDir, runId);
  const files = runFiles(runDir);
  await mkdir(runDir, { recursive: true });
  const ledger = new RunLedger(runDir, runId);
  const startedAt = new Date();
  let status: RunStatus = "completed";
  let error: string | undefined;
  let k6ExitCode: number | null = null;
  let appMetrics: Record<string, number> = {};
  let scheduler: FaultScheduler | undefined;
  let cluster: StartedCluster | undefined;
  let description: ClusterDescription = { backend: config.cluster.backend, entryUrl: "", parts: [] };
  try {
    const script = await bundleScenario(config.scenario);
    const plan = buildPlan(config, profile, opts.profile.dir);
    const c = config.cluster;
    opts.log(`starting ${c.replicas} replicas of ${profile.name} (store ${c.store}, lb ${c.lb}) for ${config.scenario} …`);
    const t0 = performance.now();
    cluster = await backendNamed(c.backend).start(plan, { runId, runDir, ledger, signal: opts.signal });
    description = cluster.describe();
    opts.log(`cluster ready in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${cluster.entryUrl}; k6: ${config.load.vus} VUs for ${config.load.duration}`);
    const k6 = await startK6({
      scriptPath: script,
      env: scenarioEnv(config, profile, cluster.entryUrl, runId),
      cwd: runDir,
      summaryPath: files.k6Summary,
      consolePath: files.k6Console,
      logPath: files.k6Log,
      onStart: (p) => {
        ledger.add({ name: "k6", pid: p.pid, startTime: p.startTime, ports: [] });
        void p.exited.then(() => ledger.remove(p.pid));
      },
    });
    scheduler = new FaultScheduler(cluster, config.faults, {
      onEvent: (e) => opts.log(`fault ${e.event} at +${(e.offsetMs / 1000).toFixed(1)} s: ${e.fault}${e.detail ? ` (${e.detail})` : ""}`),
    });
    // The faults' clock starts with k6; `at` offsets are from the start of the load.
    scheduler.begin();
    // k6 handles SIGINT by stopping the test and still writing its summary.
    const interrupt = (): void => k6.process.signal("SIGINT");
    opts.signal.addEventListener("abort", interrupt, { once: true });
    const outcome = await k6.done.finally(() => opts.signal.removeEventListener("abort", interrupt));
    k6ExitCode = outcome.exitCode;
    if (opts.signal.aborted) status = "aborted";
    else if (k6ExitCode !== 0 && k6ExitCode !== 99) {
      status = "failed";
      error = `k6 exited with code ${k6ExitCode}; see ${files.k6Log}`;
    }
  } catch (err) {
    status = opts.signal.aborted ? "aborted" : "failed";
    error = opts.signal.aborted ? "interrupted while starting" : message(err);
  } finally {
    // Undo every fault before scraping: a killed replica is back, toxics are gone.
    await scheduler?.finish();
    if (cluster) appMetrics = await scrapeReplicaMetrics(cluster.replicas, profile.capabilities.metrics);
    await cluster?.stop();
  }
  return { result: await collect(), runDir };

  async function collect(): Promise<RunResult> {
    const ops = readHistory(files.k6Console);
    const history = checkHistory(ops);
    await writeFile(files.history, ndjson(ops));
    await writeFile(files.anomalies, ndjson(history.anomalies));
    const result = aggregate({
      runId,
      config,
      app: appInfo(config, opts.profile),
      cluster: description,
      startedAt,
      finishedAt: new Date(),
      status,
      ...(error ? { error } : {}),
      summary: existsSync(files.k6Summary) ? readSummary(files.k6Summary) : undefined,
      history,
      crossChecks: crossCheck(ops, history.anomalies),
      k6ExitCode,
      appMetrics,
      faults: [...(scheduler?.timeline ?? [])],
    });
    await writeFile(files.result, JSON.stringify(result, null, 2) + "\n");
    await writeFile(files.reportMd, renderMarkdown(result));
    await writeFile(files.reportHtml, renderHtml(result));
    return result;
  }
}
