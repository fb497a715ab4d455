import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ClusterDescription, type StartedCluster } from "../cluster/Cluster";
import { ProcessCluster } from "../cluster/process/ProcessCluster";
import { type RunConfig } from "../config/RunConfig";
import { bundleScenario } from "../k6/bundleScenario";
import { readAnomalies, readSummary } from "../k6/readK6Output";
import { FaultScheduler } from "../faults/FaultScheduler";
import { startK6 } from "../k6/runK6";
import { RunLedger } from "../process/RunLedger";
import { sweepStaleRuns } from "../process/sweepStaleRuns";
import { aggregate } from "../report/aggregate";
import { renderHtml } from "../report/renderHtml";
import { renderMarkdown } from "../report/renderMarkdown";
import { type RunResult, type RunStatus } from "../report/RunResult";
import { newRunId } from "./runId";
import { scenarioEnv } from "./scenarioEnv";
import { scrapeReplicaMetrics } from "./scrapeReplicaMetrics";

export interface RunOptions {
  reportsDir: string;
  /** Aborted on Ctrl-C: k6 is interrupted, the cluster stopped, the report marked aborted. */
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface FinishedRun {
  result: RunResult;
  runDir: string;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";

/**
 * One scenario on one fresh cluster: start → load → stop → collect → aggregate →
 * render. Whatever happens in between, the cluster is stopped and a result.json
 * is written (marked aborted or failed when it did not run to the end).
 */
export async function runScenario(config: RunConfig, opts: RunOptions): Promise<FinishedRun> {
  for (const swept of sweepStaleRuns(opts.reportsDir)) {
    opts.log(`swept leftovers of crashed run ${swept.runId}: ${swept.killed.join(", ")}`);
  }
  const runId = newRunId(config);
  const runDir = join(opts.reportsDir, runId);
  await mkdir(runDir, { recursive: true });
  const ledger = new RunLedger(runDir, runId);
  const startedAt = new Date();
  let status: RunStatus = "completed";
  let error: string | undefined;
  let k6ExitCode: number | null = null;
  let app: Record<string, number> = {};
  let scheduler: FaultScheduler | undefined;
  let cluster: StartedCluster | undefined;
  let description: ClusterDescription = { backend: config.cluster.backend, entryUrl: "", parts: [] };
  try {
    const script = await bundleScenario(config.scenario);
    const c = config.cluster;
    opts.log(`starting ${c.replicas} replicas (store ${c.store}, lb ${c.lb}) for ${config.scenario} …`);
    const t0 = performance.now();
    cluster = await ProcessCluster.start(config.cluster, { runId, runDir, ledger, signal: opts.signal });
    description = cluster.describe();
    opts.log(`cluster ready in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${cluster.entryUrl}; k6: ${config.load.vus} VUs for ${config.load.duration}`);
    const k6 = await startK6({
      scriptPath: script,
      env: scenarioEnv(config, cluster),
      runDir,
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
      error = `k6 exited with code ${k6ExitCode}; see ${join(runDir, "k6.log")}`;
    }
  } catch (err) {
    status = opts.signal.aborted ? "aborted" : "failed";
    error = opts.signal.aborted ? "interrupted while starting" : message(err);
  } finally {
    // Undo every fault before scraping: a killed replica is back, toxics are gone.
    await scheduler?.finish();
    if (cluster) app = await scrapeReplicaMetrics(cluster.replicas);
    await cluster?.stop();
  }
  return { result: await collect(), runDir };

  async function collect(): Promise<RunResult> {
    const summaryPath = join(runDir, "k6-summary.json");
    const consolePath = join(runDir, "k6-console.log");
    const anomalies = existsSync(consolePath) ? readAnomalies(consolePath) : [];
    await writeFile(join(runDir, "anomalies.ndjson"), anomalies.map((a) => JSON.stringify(a) + "\n").join(""));
    const result = aggregate({
      runId,
      config,
      cluster: description,
      startedAt,
      finishedAt: new Date(),
      status,
      ...(error ? { error } : {}),
      summary: existsSync(summaryPath) ? readSummary(summaryPath) : undefined,
      anomalies,
      k6ExitCode,
      app,
      faults: [...(scheduler?.timeline ?? [])],
    });
    await writeFile(join(runDir, "result.json"), JSON.stringify(result, null, 2) + "\n");
    await writeFile(join(runDir, "report.md"), renderMarkdown(result));
    await writeFile(join(runDir, "report.html"), renderHtml(result));
    return result;
  }
}
