import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Toxiproxy } from "toxiproxy-node-client";
import { freePort } from "../../net/freePort";
import { balancerPart, faultProxyPart, replicaParts, storePart, type Plan, type ReplicaPart } from "../../plan/Plan";
import { type ManagedProcess } from "../../process/ManagedProcess";
import { RunLedger } from "../../process/RunLedger";
import { fillTemplate, type PlaceholderValues } from "../../profile/placeholders";
import { projectRoot } from "../../tools/projectRoot";
import { type Backend, type ClusterDescription, type ClusterStartOptions, type PartExit, type PartInfo, type ReplicaEndpoint, type StartedCluster } from "../Cluster";
import { prepareApp } from "../prepareApp";
import { launchNginx, launchRedis, launchToxiproxy, type RunningPart } from "./infraParts";
import { makeThrowawayCertificate, type ThrowawayCertificate } from "../tls/throwawayCertificate";
import { PartLauncher } from "./PartLauncher";
import { processPlaceholders, replicaProcessSpec, replicaReadiness, type ReplicaAddresses } from "./replicaProcess";

interface Replica extends ReplicaEndpoint {
  part: ReplicaPart;
  port: number;
  storeListen?: { host: string; port: number };
  proc?: ManagedProcess;
}

/**
 * The default backend: every part of the plan is a child process on
 * 127.0.0.1 with a port the kernel handed out.
 */
export class ProcessCluster implements StartedCluster {
  readonly replicas: Replica[] = [];
  private readonly infra = new Map<string, RunningPart>();
  private certificate: ThrowawayCertificate | undefined;
  private readonly exitListeners: ((e: PartExit) => void)[] = [];

  private constructor(
    readonly plan: Plan,
    readonly runId: string,
    private readonly runDir: string,
    private readonly launcher: PartLauncher,
  ) {
    launcher.onUnexpectedExit = (name, exit, t) => {
      const role = this.plan.parts.find((p) => p.name === name)?.role;
      if (role === undefined) return;
      for (const listener of this.exitListeners) listener({ part: name, role, t, code: exit.code, signal: exit.signal });
    };
  }

  onPartExit(listener: (e: PartExit) => void): void {
    this.exitListeners.push(listener);
  }

  static async start(plan: Plan, opts: ClusterStartOptions): Promise<ProcessCluster> {
    const logDir = join(opts.runDir, "logs");
    await mkdir(logDir, { recursive: true });
    const cluster = new ProcessCluster(plan, opts.runId, opts.runDir, new PartLauncher(logDir, opts.ledger ?? new RunLedger(opts.runDir, opts.runId)));
    const onAbort = (): void => void cluster.stop();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await cluster.startAll(opts.signal);
      opts.signal?.throwIfAborted();
      return cluster;
    } catch (err) {
      await cluster.stop();
      throw err;
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }

  get entryUrl(): string {
    return `http://127.0.0.1:${this.infra.get(balancerPart(this.plan).name)?.port ?? 0}`;
  }

  get tls(): { entryUrl: string; spkiSha256: string; caFile: string } | undefined {
    const port = this.infra.get(balancerPart(this.plan).name)?.tlsPort;
    const c = this.certificate;
    return port === undefined || c === undefined ? undefined : { entryUrl: `https://127.0.0.1:${port}`, spkiSha256: c.spkiSha256, caFile: c.caFile };
  }

  get toxiproxyUrl(): string | undefined {
    const proxy = faultProxyPart(this.plan);
    const running = proxy && this.infra.get(proxy.name);
    return running ? `http://127.0.0.1:${running.port}` : undefined;
  }

  private async startAll(signal?: AbortSignal): Promise<void> {
    await prepareApp(this.plan);
    const store = storePart(this.plan);
    const proxy = faultProxyPart(this.plan);
    if (store && proxy) {
      const [redis, toxiproxy] = await Promise.all([launchRedis(this.launcher, store.name, this.runDir), launchToxiproxy(this.launcher, proxy.name)]);
      this.infra.set(store.name, redis).set(proxy.name, toxiproxy);
      signal?.throwIfAborted();
    }
    for (const part of replicaParts(this.plan)) this.replicas.push(await this.defineReplica(part));
    // Replicas start side by side: on 2 cores that is still quicker than in turn.
    await Promise.all(this.replicas.map((r) => this.startPart(r.name)));
    signal?.throwIfAborted();
    const balancer = balancerPart(this.plan);
    if (balancer.tls) this.certificate = await makeThrowawayCertificate(join(this.runDir, "tls"));
    const upstreams = this.replicas.map((r) => ({ name: r.name, address: r.address }));
    this.infra.set(
      balancer.name,
      await launchNginx(
        this.launcher,
        balancer.name,
        this.runDir,
        {
        upstreams,
        lb: balancer.lb,
        buffering: balancer.buffering,
        cookieName: balancer.cookieName,
      hiddenPaths: balancer.hiddenPaths,
        protocol: balancer.protocol,
        ...(balancer.fastcgi ? { fastcgi: { ...balancer.fastcgi, documentRoot: fillTemplate(balancer.fastcgi.documentRoot, this.sharedPlaceholders()) } } : {}),
        },
        this.certificate,
      ),
    );
  }

  /** Replica i reaches the store only through its own proxy, so a fault can hit one replica's link. */
  private async defineReplica(part: ReplicaPart): Promise<Replica> {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const replica: Replica = { name: part.name, address, url: balancerPart(this.plan).protocol === "http" ? `http://${address}` : undefined, part, port };
    const store = storePart(this.plan);
    const running = store && this.infra.get(store.name);
    if (part.link && running && this.toxiproxyUrl) {
      const listen = { host: "127.0.0.1", port: await freePort() };
      await new Toxiproxy(this.toxiproxyUrl).createProxy({ name: part.link, listen: `${listen.host}:${listen.port}`, upstream: `127.0.0.1:${running.port}` });
      replica.link = part.link;
      replica.storeListen = listen;
    }
    return replica;
  }

  /** The placeholders every replica shares (a FastCGI document root may use only these). */
  private sharedPlaceholders(): PlaceholderValues {
    return { runDir: this.runDir, profileDir: this.plan.profileDir, projectRoot: projectRoot() };
  }

  private addresses(r: Replica): ReplicaAddresses {
    return { port: r.port, runDir: this.runDir, profileDir: this.plan.profileDir, cookieName: this.plan.cookieName, ...(r.storeListen ? { storeListen: r.storeListen } : {}) };
  }

  private replica(name: string): Replica | undefined {
    return this.replicas.find((x) => x.name === name);
  }

  async startPart(name: string): Promise<void> {
    const r = this.replica(name);
    if (r) {
      if (r.proc?.running) return;
      const values = processPlaceholders(r.part, this.addresses(r));
      r.proc = await this.launcher.launch({
        spec: await replicaProcessSpec(r.part, values, this.plan.profileDir),
        ports: [r.port],
        ready: replicaReadiness(r.part, r.port),
      });
      return;
    }
    const store = storePart(this.plan);
    if (store?.name === name) {
      const running = this.infra.get(name);
      if (running?.proc.running) return;
      this.infra.set(name, await launchRedis(this.launcher, name, this.runDir, running?.port));
      return;
    }
    throw new Error(`startPart: ${name} cannot be started again on this backend (replicas and the store can)`);
  }

  async killPart(name: string): Promise<void> {
    const proc = this.replica(name)?.proc ?? this.infra.get(name)?.proc;
    if (!proc) throw new Error(`killPart: no part named ${name} (have ${this.describe().parts.map((p) => p.name).join(", ")})`);
    await proc.stop({ signal: "SIGKILL" });
  }

  describe(): ClusterDescription {
    const parts: PartInfo[] = [];
    for (const p of this.plan.parts) {
      const r = this.replica(p.name);
      const running = r ? { port: r.port, proc: r.proc } : this.infra.get(p.name);
      if (!running) continue;
      parts.push({ name: p.name, role: p.role, address: `127.0.0.1:${running.port}`, pid: running.proc?.pid, log: `logs/${p.name}.log` });
    }
    const store = storePart(this.plan);
    const storeRunning = store && this.infra.get(store.name);
    return {
      backend: PROCESS_BACKEND.name,
      entryUrl: this.entryUrl,
      ...(this.toxiproxyUrl ? { toxiproxyUrl: this.toxiproxyUrl } : {}),
      ...(storeRunning ? { storeUrl: `redis://127.0.0.1:${storeRunning.port}` } : {}),
      parts,
    };
  }

  /**
   * Stops whatever still runs, the balancer first so no request reaches a
   * replica that is stopping. Safe to call again: an abort during start-up
   * calls it while parts are still being launched, and the start-up failure
   * path calls it once more.
   */
  stop(options: { graceMs?: number } = {}): Promise<void> {
    const balancer = balancerPart(this.plan).name;
    const replicas = new Set(this.replicas.map((r) => r.name));
    return this.launcher.stopAll([(p) => p.name === balancer, (p) => replicas.has(p.name)], options.graceMs);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

export const PROCESS_BACKEND: Backend = {
  name: "process",
  start: (plan, opts) => ProcessCluster.start(plan, opts),
};
