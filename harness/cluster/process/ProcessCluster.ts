import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Toxiproxy } from "toxiproxy-node-client";
import { canBind, portLease } from "../../net/freePort";
import { balancerPart, faultProxyPart, replicaParts, storePart, type Plan, type ReplicaPart } from "../../plan/Plan";
import { type ManagedProcess } from "../../process/ManagedProcess";
import { RunLedger } from "../../process/RunLedger";
import { fillPath, type PlaceholderValues } from "../../profile/placeholders";
import { projectRoot } from "../../tools/projectRoot";
import { type Backend, type ClusterDescription, type ClusterStartOptions, type PartExit, type PartInfo, type ReplicaEndpoint, type StartedCluster } from "../Cluster";
import { probeFastcgiEntry } from "../fastcgiProbe";
import { prepareApp } from "../prepareApp";
import { launchNginx, launchRedis, launchToxiproxy, type RunningPart } from "./infraParts";
import { makeThrowawayCertificate, type ThrowawayCertificate } from "../tls/throwawayCertificate";
import { type LaunchRequest, PartLauncher } from "./PartLauncher";
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
    const launcher = new PartLauncher(logDir, opts.ledger ?? new RunLedger(opts.runDir, opts.runId), portLease(), opts.log);
    const cluster = new ProcessCluster(plan, opts.runId, opts.runDir, launcher);
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
    const documentRoot = balancer.fastcgi && fillPath(balancer.fastcgi.documentRoot, this.sharedPlaceholders(), this.plan.profileDir);
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
        ...(balancer.fastcgi && documentRoot ? { fastcgi: { ...balancer.fastcgi, documentRoot } } : {}),
        },
        this.certificate,
      ),
    );
    if (documentRoot) await probeFastcgiEntry(this.entryUrl, balancer, documentRoot, true);
  }

  /** Replica i reaches the store only through its own proxy, so a fault can hit one replica's link. */
  private async defineReplica(part: ReplicaPart): Promise<Replica> {
    const replica: Replica = { name: part.name, address: "", url: undefined, part, port: 0 };
    this.placeReplica(replica, await this.launcher.ports.claim());
    const store = storePart(this.plan);
    const running = store && this.infra.get(store.name);
    if (part.link && running && this.toxiproxyUrl) {
      replica.storeListen = await this.createProxy(part.link, `127.0.0.1:${running.port}`);
      replica.link = part.link;
    }
    return replica;
  }

  private placeReplica(r: Replica, port: number): void {
    r.port = port;
    r.address = `127.0.0.1:${port}`;
    r.url = balancerPart(this.plan).protocol === "http" ? `http://${r.address}` : undefined;
  }

  /**
   * A Toxiproxy proxy on a port of the run's own. Toxiproxy refuses to create
   * a proxy whose port another program took meanwhile (its client says only
   * "status code 500"): when the port is indeed taken now, on a new port.
   */
  private async createProxy(name: string, upstream: string): Promise<{ host: string; port: number }> {
    for (let attempt = 1; ; attempt++) {
      const listen = { host: "127.0.0.1", port: await this.launcher.ports.claim() };
      try {
        await new Toxiproxy(this.toxiproxyUrl ?? "").createProxy({ name, listen: `${listen.host}:${listen.port}`, upstream });
        return listen;
      } catch (err) {
        if (attempt >= 3 || (await canBind(listen.host, listen.port))) throw err;
      }
    }
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
      const build = async ([port = 0]: number[]): Promise<LaunchRequest> => {
        const values = processPlaceholders(r.part, { ...this.addresses(r), port });
        return { spec: await replicaProcessSpec(r.part, values, this.plan.profileDir), ports: [port], ready: replicaReadiness(r.part, port) };
      };
      // Restarted (a kill fault's end), a replica must come back where nginx sends its requests.
      if (r.proc) r.proc = await this.launcher.launch(await build([r.port]));
      else {
        const started = await this.launcher.launchOnPorts(1, build, [r.port]);
        this.placeReplica(r, started.ports[0] ?? r.port);
        r.proc = started.proc;
      }
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
    return this.launcher.stopAll([(p) => p.name === balancer, (p) => replicas.has(p.name)], options.graceMs).finally(() => this.launcher.ports.releaseAll());
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

export const PROCESS_BACKEND: Backend = {
  name: "process",
  start: (plan, opts) => ProcessCluster.start(plan, opts),
};
