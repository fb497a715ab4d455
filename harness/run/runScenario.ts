import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { backendNamed } from "../cluster/backends";
import { type ClusterDescription, type PartExit, type StartedCluster } from "../cluster/Cluster";
import { isBrowserScenario, type RunConfig } from "../config/RunConfig";
import { type FaultEvent } from "../faults/FaultEvent";
import { FaultScheduler } from "../faults/FaultScheduler";
import { writeFileAtomic } from "../fs/writeFileAtomic";
import { bundleScenario } from "../k6/bundleScenario";
import { readSummary } from "../k6/readK6Output";
import { K6_EXIT, startK6, type StartedK6 } from "../k6/runK6";
import { buildPlan } from "../plan/buildPlan";
import { balancerPart, survivesLoss } from "../plan/Plan";
import { type PressureSummary } from "../plumbing/PlumbingSection";
import { PressureSampler } from "../plumbing/PressureSampler";
import { preflightWarnings, readPreflight } from "../plumbing/preflightWarnings";
import { RunLedger } from "../process/RunLedger";
import { type LoadedProfile } from "../profile/loadProfile";
import { aggregate } from "../report/aggregate";
import { attributionContext } from "../report/attributionContext";
import { faultWindows } from "../report/faultWindows";
import { type EvictionSample, type EvictionSummary } from "../report/evictions";
import { replicationFields } from "../report/replicationLag";
import { renderHtml } from "../report/renderHtml";
import { renderJunit } from "../report/renderJunit";
import { renderMarkdown } from "../report/renderMarkdown";
import { type RunResult, type RunStatus } from "../report/RunResult";
import { appInfo } from "./appInfo";
import { assessPlumbing, type LogMarks, plumbingLogMarks } from "./assessPlumbing";
import { collectHistory } from "./collectHistory";
import { LiveProgress } from "./LiveProgress";
import { bucketMsFor } from "../history/TimelineBuilder";
import { runFiles } from "./runFiles";
import { EvictionSampler } from "./EvictionSampler";
import { type ReplicationReading, ReplicationSampler } from "./ReplicationSampler";
import { newRunId } from "./runId";
import { scenarioEnv } from "./scenarioEnv";
import { scrapeReplicaMetrics } from "./scrapeReplicaMetrics";
import { sweepAll } from "./sweepAll";

export interface RunOptions {
  reportsDir: string;
  /** The app under test, as loaded for `config.cluster.app`. */
  profile: LoadedProfile;
  /** Aborted on Ctrl-C: k6 is interrupted, the cluster stopped, the report marked aborted. */
  signal: AbortSignal;
  log: (line: string) => void;
  /** Show a live status line while the load runs (k6's REST API): redrawn on a terminal, every 10 s otherwise. */
  progress?: { tty: boolean; write: (text: string) => void };
  /** config.baseline, already read and checked by the caller. */
  baseline?: { path: string; result: RunResult };
}

export interface FinishedRun {
  result: RunResult;
  runDir: string;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";

/**
 * One scenario on one fresh cluster: plan → start → load (with faults) → stop
 * → check the history → aggregate → render. Whatever happens in between, the
 * cluster is stopped and a result.json is written (marked aborted or failed
 * when it did not run to the end).
 */
export async function runScenario(config: RunConfig, runOpts: RunOptions): Promise<FinishedRun> {
  let live: LiveProgress | undefined;
  // While the status line is up, log lines go around it.
  const opts: RunOptions = { ...runOpts, log: (line) => (live ? live.around(() => runOpts.log(line)) : runOpts.log(line)) };
  for (const swept of await sweepAll(opts.reportsDir, opts.log, opts.signal)) {
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
  let k6: StartedK6 | undefined;
  let description: ClusterDescription = { backend: config.cluster.backend, entryUrl: "", parts: [] };
  let marks: LogMarks | undefined;
  /** Set when the harness itself cut the load short: a part it needs died. */
  let broken: string | undefined;
  const deaths: FaultEvent[] = [];
  // The machine before the load: a run that starts near a limit is told so, and why.
  const preflight = preflightWarnings(readPreflight());
  for (const warning of preflight) opts.log(`warning: ${warning}`);
  const sampler = new PressureSampler();
  let pressure: PressureSummary | undefined;
  let replicationSampler: ReplicationSampler | undefined;
  let replication: ReplicationReading | undefined;
  let evictionSampler: EvictionSampler | undefined;
  let eviction: { samples: readonly EvictionSample[]; summary?: EvictionSummary } = { samples: [] };
  // From here on an interrupt stops the load at once, whatever stage the run is in.
  const stopLoad = (): void => void k6?.stop();
  opts.signal.addEventListener("abort", stopLoad, { once: true });
  try {
    const script = await bundleScenario(config.scenario);
    const plan = buildPlan(config, profile, opts.profile.dir);
    const c = config.cluster;
    opts.log(`starting ${c.replicas} replicas of ${profile.name} (store ${c.store}, lb ${c.lb}) for ${config.scenario} …`);
    const notKept = balancerPart(plan).fastcgi?.notKept;
    if (notKept) opts.log(`FastCGI connections not kept: ${notKept}`);
    const t0 = performance.now();
    cluster = await backendNamed(c.backend).start(plan, { runId, runDir, ledger, signal: opts.signal, log: opts.log });
    description = cluster.describe();
    opts.signal.throwIfAborted();
    cluster.onPartExit((e) => {
      const died = partDeath(e, scheduler?.origin ?? startedAt.getTime());
      deaths.push(died);
      opts.log(`${died.fault}`);
      // Without its balancer, proxy or a store node the topology cannot lose, the run measures the harness, not the app.
      if (!survivesLoss(plan, e.part) && broken === undefined) {
        broken = `${e.part} (the ${e.role}) died mid-run; see logs/${e.part}.log`;
        stopLoad();
      }
    });
    opts.log(`cluster ready in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${cluster.entryUrl}; k6: ${config.load.vus} VUs for ${loadSize(config.load)}`);
    // Around the load only: the connection rate is the load's, not the cluster's start.
    sampler.start();
    replicationSampler = new ReplicationSampler(cluster);
    replicationSampler.start();
    evictionSampler = new EvictionSampler(cluster, config.cluster.storeMemory);
    evictionSampler.start();
    k6 = await startK6({
      scriptPath: script,
      env: scenarioEnv(config, profile, cluster.entryUrl, runId, cluster.tls?.entryUrl),
      cwd: runDir,
      summaryPath: files.k6Summary,
      consolePath: files.k6Console,
      logPath: files.k6Log,
      runId,
      ...(isBrowserScenario(config.scenario) ? { browser: { trustSpki: cluster.tls?.spkiSha256 } } : {}),
      onStart: (p) => {
        ledger.add({ name: "k6", pid: p.pid, startTime: p.startTime, ports: [] });
        void p.exited.then(() => ledger.remove(p.pid));
      },
    });
    if (opts.signal.aborted) stopLoad();
    scheduler = new FaultScheduler(cluster, config.faults, {
      onEvent: (e) => opts.log(`fault ${e.event} at +${(e.offsetMs / 1000).toFixed(1)} s: ${e.fault}${e.detail ? ` (${e.detail})` : ""}`),
    });
    // The faults' clock starts with k6; `at` offsets are from the start of the load.
    scheduler.begin();
    if (opts.progress) {
      const faults = scheduler;
      live = new LiveProgress({ apiAddress: k6.apiAddress, totalMs: config.load.durationMs, ...(config.load.iterations === undefined ? {} : { iterations: config.load.iterations }), activeFaults: () => activeFaults(faults.timeline), ...opts.progress });
      live.start();
    }
    const outcome = await k6.done;
    pressure = sampler.stop();
    replication = replicationSampler.stop();
    eviction = evictionSampler.stop();
    live?.stop();
    live = undefined;
    k6ExitCode = outcome.exitCode;
    if (opts.signal.aborted) status = "aborted";
    else if (broken !== undefined) [status, error] = ["failed", broken];
    else if (outcome.signal !== null) [status, error] = ["failed", `k6 was killed (${outcome.signal}); the numbers cover what ran, from the history`];
    else if (k6ExitCode !== 0 && k6ExitCode !== K6_EXIT.thresholdsFailed) [status, error] = ["failed", `k6 exited with code ${k6ExitCode}; see ${files.k6Log}`];
  } catch (err) {
    status = opts.signal.aborted ? "aborted" : "failed";
    error = opts.signal.aborted ? "interrupted while starting" : message(err);
  } finally {
    pressure ??= sampler.stop();
    if (replicationSampler && replication === undefined) replication = replicationSampler.stop();
    if (evictionSampler && eviction.summary === undefined) eviction = evictionSampler.stop();
    live?.stop();
    live = undefined;
    opts.signal.removeEventListener("abort", stopLoad);
    await k6?.stop();
    // Interrupted: every part gets a short grace, so Ctrl-C is honoured within 2 s.
    const hurry = opts.signal.aborted || broken !== undefined;
    // Undo every fault before scraping: a killed replica is back, toxics are gone.
    await scheduler?.finish();
    if (cluster) appMetrics = await scrapeReplicaMetrics(cluster.replicas, profile.capabilities.metrics, hurry ? 300 : 2000);
    marks = plumbingLogMarks(files, description);
    await cluster?.stop(hurry ? { graceMs: INTERRUPTED_GRACE_MS } : {});
    ledger.close();
  }
  // A signal while the results were being gathered still makes them an interrupted run's.
  return { result: await collect(), runDir };

  async function collect(): Promise<RunResult> {
    const finishedAt = new Date();
    const faults = [...(scheduler?.timeline ?? []), ...deaths].sort((a, b) => a.t - b.t);
    const app = appInfo(config, opts.profile);
    const collected = await collectHistory(
      files,
      attributionContext(app, faults, finishedAt.getTime(), { ...(replication ? { replication } : {}), eviction: eviction.samples }, config.cluster.storeMemory),
      { origin: scheduler?.origin ?? startedAt.getTime(), bucketMs: bucketMsFor(config.load.durationMs) },
    );
    const plumbing = await assessPlumbing({ files, cluster: description, faults, runEnd: finishedAt.getTime(), pressure, preflight, requests: collected.verdict.serverErrors.total, marks });
    const result = aggregate({
      runId,
      config,
      app,
      cluster: description,
      startedAt,
      finishedAt,
      status: opts.signal.aborted ? "aborted" : status,
      ...(error ? { error } : {}),
      summary: existsSync(files.k6Summary) ? readSummary(files.k6Summary) : undefined,
      history: collected.verdict,
      anomalySummary: { ...collected.anomalies, recorded: collected.anomalyLines.written },
      crossChecks: collected.crossChecks,
      k6ExitCode,
      appMetrics,
      faults,
      timeline: collected.timeline,
      ...(collected.byClient ? { byClient: collected.byClient } : {}),
      ...(opts.baseline ? { baseline: opts.baseline } : {}),
      plumbing,
      ...replicationFields(replication?.summaries ?? []),
      ...(eviction.summary ? { eviction: eviction.summary } : {}),
    });
    // result.json last: a reader that finds it finds every file it names.
    await writeFileAtomic(files.reportMd, renderMarkdown(result));
    await writeFileAtomic(files.reportHtml, renderHtml(result));
    await writeFileAtomic(files.junit, renderJunit([result]));
    await writeFileAtomic(files.result, JSON.stringify(result, null, 2) + "\n");
    return result;
  }
}

/** How much load, as the user asked for it. */
function loadSize(l: RunConfig["load"]): string {
  return l.iterations === undefined ? l.duration : `${l.iterations.toLocaleString("en-US")} iterations (at most ${l.duration})`;
}

/** The faults in effect now: started and not yet ended. */
function activeFaults(timeline: readonly FaultEvent[]): string[] {
  return faultWindows(timeline, Number.POSITIVE_INFINITY)
    .filter((w) => w.end === Number.POSITIVE_INFINITY)
    .map((w) => w.label);
}

/** A part's own exit, as a timeline line. */
function partDeath(e: PartExit, origin: number): FaultEvent {
  const how = e.signal !== null ? `signal ${e.signal}` : `exit code ${e.code ?? "?"}`;
  return { t: e.t, offsetMs: e.t - origin, event: "died", fault: `${e.part} (${e.role}) exited on its own (${how})`, kind: "part-exit", target: e.part };
}

/** How long each part may take to stop when the run was interrupted: Ctrl-C is honoured within 2 s. */
const INTERRUPTED_GRACE_MS = 700;
