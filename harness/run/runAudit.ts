import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Toxiproxy } from "toxiproxy-node-client";
import { type AuditContext, type CheckResult, type StoreLinks } from "../audit/AuditCheck";
import { AuditHttp } from "../audit/AuditHttp";
import { AUDIT_RESULT_VERSION, auditVerdict, countVerdicts, type AuditResult } from "../audit/AuditResult";
import { AUDIT_CHECKS } from "../audit/checks";
import { renderAuditHtml, renderAuditJunit, renderAuditMarkdown } from "../audit/renderAudit";
import { runChecks } from "../audit/runChecks";
import { backendNamed } from "../cluster/backends";
import { type ClusterDescription, type StartedCluster } from "../cluster/Cluster";
import { REPLICA_HEADER } from "../cluster/nginxConfig";
import { type RunConfig } from "../config/RunConfig";
import { DownFault } from "../faults/DownFault";
import { writeFileAtomic } from "../fs/writeFileAtomic";
import { buildPlan } from "../plan/buildPlan";
import { uniqueLinks } from "../plan/Plan";
import { RunLedger } from "../process/RunLedger";
import { type LoadedProfile } from "../profile/loadProfile";
import { auditFiles } from "./runFiles";
import { newRunId } from "./runId";
import { scenarioContract } from "./scenarioEnv";
import { sweepAll } from "./sweepAll";

export interface AuditOptions {
  reportsDir: string;
  profile: LoadedProfile;
  signal: AbortSignal;
  log: (line: string) => void;
  /** Called as each check ends, for the console. */
  onCheck?: (r: CheckResult) => void;
}

export interface FinishedAudit {
  result: AuditResult;
  runDir: string;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";

/** The harness's own `down` fault on every replica's store link, for the fail-closed check. */
function storeLinks(cluster: StartedCluster): StoreLinks | undefined {
  const names = uniqueLinks(cluster.plan.links.filter((l) => l.purpose === "app")).map((l) => l.proxy);
  if (cluster.toxiproxyUrl === undefined || names.length === 0) return undefined;
  const spec = { text: "down", kind: "down", target: "all", atMs: 0, forMs: null, params: {} };
  const fault = new DownFault(spec, "audit-down");
  const ctx = { cluster, toxiproxy: new Toxiproxy(cluster.toxiproxyUrl), proxyNames: names };
  return { names, cut: async () => void (await fault.start(ctx)), restore: async () => void (await fault.stop(ctx)) };
}

/**
 * The session audit: start the app as the run config says, plus (when the
 * profile has a short-timeout knob) a second cluster with it for the expiry
 * checks; run every check; stop everything; write audit.json and its reports.
 * Interrupted or broken, every part is still stopped and a report written.
 */
export async function runAudit(config: RunConfig, opts: AuditOptions): Promise<FinishedAudit> {
  for (const swept of await sweepAll(opts.reportsDir, opts.log, opts.signal)) opts.log(`swept leftovers of crashed run ${swept.runId}: ${swept.killed.join(", ")}`);
  const { profile } = opts.profile;
  const runId = newRunId(config, profile.name);
  const runDir = join(opts.reportsDir, runId);
  await mkdir(runDir, { recursive: true });
  const ledger = new RunLedger(runDir, runId);
  const startedAt = new Date();
  const clusters: StartedCluster[] = [];
  let checks: CheckResult[] = [];
  let error: string | undefined;
  let description: ClusterDescription = { backend: config.cluster.backend, entryUrl: "", parts: [] };
  const short = profile.audit.shortExpiry;
  const external = config.cluster.url !== undefined;
  try {
    const backend = backendNamed(config.cluster.backend);
    const start = async (c: RunConfig, id: string, dir: string): Promise<StartedCluster> => {
      await mkdir(dir, { recursive: true });
      const started = await backend.start(buildPlan(c, profile, opts.profile.dir), { runId: id, runDir: dir, ledger, signal: opts.signal, log: opts.log });
      clusters.push(started);
      return started;
    };
    opts.log(`starting ${config.cluster.replicas} replicas of ${profile.name} (store ${config.cluster.store}) for the session audit …`);
    const main = await start(config, runId, runDir);
    description = main.describe();
    // A second cluster for the expiry checks: its short timeouts would end the other checks' sessions.
    const expiryConfig: RunConfig | undefined = short && !external ? { ...config, cluster: { ...config.cluster, knobs: { ...config.cluster.knobs, [short.knob]: short.value } } } : undefined;
    const expiry = expiryConfig ? await start(expiryConfig, `${runId}-expiry`, join(runDir, "expiry")) : undefined;
    opts.signal.throwIfAborted();
    // With --tls the audit goes through the TLS entry, as a browser would, trusting the run's CA only.
    const entryOf = async (c: StartedCluster): Promise<AuditHttp> => (c.tls ? new AuditHttp(c.tls.entryUrl, REPLICA_HEADER, undefined, await readFile(c.tls.caFile, "utf8")) : new AuditHttp(c.entryUrl, REPLICA_HEADER));
    const http = await entryOf(main);
    const store = profile.stores[config.cluster.store];
    const ctx: Omit<AuditContext, "http"> = {
      contract: scenarioContract(profile),
      hints: profile.audit,
      replicas: main.replicas.map((r) => r.name),
      scheme: new URL(http.entryUrl).protocol === "https:" ? "https" : "http",
      metricsPath: profile.capabilities.metrics?.path,
      storeLinks: storeLinks(main),
      store: { name: config.cluster.store, shared: store?.shared ?? false },
      shortExpiry: expiry && short ? { http: await entryOf(expiry), idleMs: short.idleMs, absoluteMs: short.absoluteMs } : undefined,
      sleep: (ms) => sleep(ms, undefined, { signal: opts.signal }),
      now: () => Date.now(),
    };
    opts.log(`cluster${expiry ? "s" : ""} ready at ${http.entryUrl}${expiry ? ` (and ${expiry.entryUrl} with ${short?.knob}=${short?.value} for the expiry checks)` : ""}; ${AUDIT_CHECKS.length} checks`);
    try {
      checks = await runChecks(AUDIT_CHECKS, ctx, http, opts.onCheck);
    } finally {
      await Promise.allSettled([http.close(), ctx.shortExpiry?.http.close()]);
    }
  } catch (err) {
    error = opts.signal.aborted ? "interrupted" : message(err);
  } finally {
    await Promise.allSettled(clusters.map((c) => c.stop(opts.signal.aborted ? { graceMs: 1_000 } : {})));
    ledger.close();
  }
  const counts = countVerdicts(checks);
  const result: AuditResult = {
    kind: "session-audit",
    version: AUDIT_RESULT_VERSION,
    runId,
    app: {
      name: profile.name,
      source: opts.profile.source,
      store: config.cluster.store,
      storeShared: profile.stores[config.cluster.store]?.shared ?? false,
      knobs: config.cluster.knobs,
      weaken: config.cluster.weaken ?? [],
    },
    cluster: description,
    replicas: config.cluster.replicas,
    lb: config.cluster.lb,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    verdict: opts.signal.aborted ? "aborted" : error !== undefined ? "error" : auditVerdict(checks),
    ...(error === undefined ? {} : { error }),
    counts,
    checks,
  };
  const files = auditFiles(runDir);
  await writeFileAtomic(files.markdown, renderAuditMarkdown(result));
  await writeFileAtomic(files.html, renderAuditHtml(result));
  await writeFileAtomic(files.junit, renderAuditJunit(result));
  await writeFileAtomic(files.result, JSON.stringify(result, null, 2) + "\n");
  return { result, runDir };
}
