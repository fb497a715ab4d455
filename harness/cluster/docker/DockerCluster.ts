import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type Docker from "dockerode";
import { Toxiproxy } from "toxiproxy-node-client";
import { balancerPart, faultProxyPart, linksFrom, stopOrder, storePart, storeParts, type Part, type Plan } from "../../plan/Plan";
import { nodeUrl } from "../../topology/StoreTopology";
import { procStartTime } from "../../process/procStartTime";
import { DEFAULT_GRACE_MS } from "../../process/ManagedProcess";
import { RunLedger } from "../../process/RunLedger";
import { exitFromStatus, logSize } from "../../wait/partLog";
import { waitForHttp, waitForTcp, waitUntilReady } from "../../wait/waitStrategies";
import { type Backend, type ClusterDescription, type ClusterStartOptions, type PartExit, type PartInfo, type ReplicaEndpoint, type StartedCluster } from "../Cluster";
import { balancerSettings, nginxConfig } from "../nginxConfig";
import { storeNodeReadiness } from "../storeNode";
import { probeFastcgiEntry } from "../fastcgiProbe";
import { prepareApp } from "../prepareApp";
import { StoreListing } from "../StoreListing";
import { type FollowedLog, followLogs } from "./containerLogs";
import { dockerClient, dockerProblem } from "./dockerClient";
import { CONTAINER, HOST, PORT, proxyPort, storeNodeHost } from "./dockerLayout";
import { dockerNodeCommand } from "./dockerStoreNode";
import { containerPath, replicaContainer } from "./dockerReplica";
import { ensureDockerImages, type DockerImages } from "./dockerImages";
import { createRunNetwork, type RunNetwork } from "./runNetwork";
import { watchDeaths } from "./watchDeaths";

export const RUN_LABEL = "session-harness.run";
export const PART_LABEL = "session-harness.part";
/** pid:start-time of the harness that made it: the sweep removes what a dead harness left. */
export const HARNESS_LABEL = "session-harness.harness";


interface RunningContainer {
  part: Part;
  container: Docker.Container;
  ip: string;
  port: number;
  /** The harness asked it to stop (a kill fault, the end of the run): its death is no news. */
  stopping: boolean;
  log?: FollowedLog;
  /** A replica's: the StoreListing version its command was made under; a start after a change makes the container again. */
  listing?: number;
}

/**
 * The Docker backend: the same plan as the process backend, one container
 * per part on a network of the run's own, every container and the network
 * labelled with the run's id (and its harness), so a sweep removes exactly
 * what a dead harness left. Only nginx's entry is published, on 127.0.0.1;
 * the harness reaches the other parts at their addresses on the run's network.
 */
export class DockerCluster implements StartedCluster {
  readonly replicas: ReplicaEndpoint[] = [];
  readonly listing: StoreListing;
  private readonly running = new Map<string, RunningContainer>();
  private readonly proxiesMade = new Set<string>();
  private readonly exitListeners: ((e: PartExit) => void)[] = [];
  private net: RunNetwork | undefined;
  private images: DockerImages | undefined;
  private entryPort = 0;
  private stopWatching: (() => void) | undefined;
  private stopped: Promise<void> | undefined;

  private constructor(
    readonly plan: Plan,
    readonly runId: string,
    private readonly runDir: string,
    private readonly ledger: RunLedger,
    private readonly log: (line: string) => void,
  ) {
    this.listing = new StoreListing(plan.topology);
  }

  static async start(plan: Plan, opts: ClusterStartOptions): Promise<DockerCluster> {
    const problem = await dockerProblem();
    if (problem) throw new Error(problem);
    await mkdir(join(opts.runDir, "logs"), { recursive: true });
    const cluster = new DockerCluster(plan, opts.runId, opts.runDir, opts.ledger ?? new RunLedger(opts.runDir, opts.runId), opts.log ?? (() => {}));
    const onAbort = (): void => void cluster.stop({ graceMs: 0 });
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await cluster.startAll(opts.signal);
      opts.signal?.throwIfAborted();
      return cluster;
    } catch (err) {
      await cluster.stop({ graceMs: 0 });
      throw err;
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }

  get entryUrl(): string {
    return `http://127.0.0.1:${this.entryPort}`;
  }

  get toxiproxyUrl(): string | undefined {
    const proxy = faultProxyPart(this.plan);
    const c = proxy && this.running.get(proxy.name);
    return c ? `http://${c.ip}:${c.port}` : undefined;
  }

  onPartExit(listener: (e: PartExit) => void): void {
    this.exitListeners.push(listener);
  }

  private labels(part?: string): Record<string, string> {
    return {
      [RUN_LABEL]: this.runId,
      [HARNESS_LABEL]: `${process.pid}:${procStartTime(process.pid) ?? ""}`,
      ...(part === undefined ? {} : { [PART_LABEL]: part }),
    };
  }

  private async startAll(signal?: AbortSignal): Promise<void> {
    await prepareApp(this.plan);
    this.images = await ensureDockerImages(this.plan, this.log);
    signal?.throwIfAborted();
    this.net = await createRunNetwork(this.runId, this.labels());
    this.stopWatching = await watchDeaths(this.runId, (part, code) => this.died(part, code));
    // The plan's start order, group by group; a part's proxies are made on Toxiproxy just before it starts.
    for (const group of this.plan.startOrder) {
      await Promise.all(group.map((name) => this.startFirst(name)));
      signal?.throwIfAborted();
    }
  }

  private async startFirst(name: string): Promise<void> {
    const part = this.plan.parts.find((p) => p.name === name);
    if (!part) throw new Error(`the plan's start order names ${name}, which is not one of its parts`);
    if (part.role === "balancer") return this.startBalancer();
    await this.createLinks(name);
    if (part.role === "fault-proxy") {
      await this.create(part, HOST.toxiproxy, PORT.toxiproxy, { Cmd: ["toxiproxy-server", "-host", "0.0.0.0", "-port", String(PORT.toxiproxy)] });
    } else if (part.role === "store") {
      await this.create(part, storeNodeHost(storeParts(this.plan).indexOf(part)), PORT.store, { Cmd: dockerNodeCommand(this.plan, part, this.proxyIp()) });
    } else {
      if (!this.net) throw new Error("a replica before the network and images");
      const i = this.replicaIndex(part);
      const ip = this.net.ip(HOST.firstReplica + i);
      await this.createReplica(part);
      // Pushed in the plan's order whichever is made first: nginx's upstreams follow this list.
      this.replicas[i] = { name: part.name, address: `${ip}:${CONTAINER.port}`, url: balancerPart(this.plan).protocol === "http" ? `http://${ip}:${CONTAINER.port}` : undefined };
    }
    await this.startPart(name);
  }

  /** Toxiproxy's container's address on the run's network, fixed before it starts: where store nodes dial and announce their links. */
  private proxyIp(): string {
    if (!this.net) throw new Error("a store node or replica before the run's network");
    return this.net.ip(HOST.toxiproxy);
  }

  private replicaIndex(part: Part): number {
    return this.plan.parts.filter((p) => p.role === "replica").findIndex((p) => p.name === part.name);
  }

  /** A replica's container, with the server list as it is now. */
  private async createReplica(part: Part): Promise<void> {
    if (part.role !== "replica" || !this.images) throw new Error(`createReplica: ${part.name} is not a replica, or came before the images`);
    const spec = await replicaContainer(this.plan, part, { runDir: this.runDir, image: this.images.app, unlisted: this.listing.unlisted(), proxyIp: this.proxyIp() });
    await this.create(part, HOST.firstReplica + this.replicaIndex(part), CONTAINER.port, spec);
    const c = this.running.get(part.name);
    if (c) c.listing = this.listing.version;
  }

  /** The part's own proxies, on the ports the plan's layout fixes (the compose export gives them the same). */
  private async createLinks(from: string): Promise<void> {
    const links = linksFrom(this.plan, from);
    if (links.length === 0) return;
    const toxiproxy = new Toxiproxy(this.toxiproxyUrl ?? "");
    for (const link of links) {
      // A shared link was made for the first replica that dials it.
      if (this.proxiesMade.has(link.proxy)) continue;
      this.proxiesMade.add(link.proxy);
      await toxiproxy.createProxy({ name: link.proxy, listen: `0.0.0.0:${proxyPort(this.plan.links, link.proxy)}`, upstream: `${link.to}:${PORT.store}` });
    }
  }

  private async startBalancer(): Promise<void> {
    const balancer = balancerPart(this.plan);
    const prefixDir = join(this.runDir, "nginx");
    await mkdir(join(prefixDir, "tmp"), { recursive: true, mode: 0o777 });
    const conf = nginxConfig({
      listen: `0.0.0.0:${PORT.nginx}`,
      upstreams: this.replicas.map((r) => ({ name: r.name, address: r.address })),
      ...balancerSettings(balancer),
      ...(balancer.fastcgi ? { fastcgi: { ...balancer.fastcgi, documentRoot: containerPath(balancer.fastcgi.documentRoot) } } : {}),
      prefixDir: "/harness/nginx",
      logDir: "/harness/logs",
    });
    const { writeFileAtomic } = await import("../../fs/writeFileAtomic");
    await writeFileAtomic(join(prefixDir, "nginx.conf"), conf);
    await this.create(balancer, HOST.nginx, PORT.nginx, {
      Cmd: ["nginx", "-p", "/harness/nginx", "-c", "/harness/nginx/nginx.conf", "-e", "/harness/logs/nginx-error.log"],
      Binds: [`${prefixDir}:/harness/nginx`, `${join(this.runDir, "logs")}:/harness/logs`],
      publish: true,
    });
    await this.startPart(balancer.name);
    if (balancer.fastcgi) await probeFastcgiEntry(this.entryUrl, balancer, containerPath(balancer.fastcgi.documentRoot), false);
  }

  /** Creates a part's container on the run's network at host number `n`, not started. */
  private async create(part: Part, n: number, port: number, spec: { Cmd: string[]; Env?: string[]; Binds?: string[]; image?: string; StopSignal?: string; OpenStdin?: boolean; publish?: boolean }): Promise<void> {
    const net = this.net;
    if (!net || !this.images) throw new Error("create before the network and images");
    const ip = net.ip(n);
    const container = await dockerClient().createContainer({
      name: `${net.name}-${part.name}`,
      Image: spec.image ?? this.images.runtime,
      Cmd: spec.Cmd,
      Env: spec.Env ?? [],
      Labels: this.labels(part.name),
      StopSignal: spec.StopSignal ?? "SIGTERM",
      OpenStdin: spec.OpenStdin ?? false,
      ...(spec.publish ? { ExposedPorts: { [`${port}/tcp`]: {} } } : {}),
      HostConfig: {
        NetworkMode: net.name,
        Init: true,
        Binds: spec.Binds ?? [],
        ...(spec.publish ? { PortBindings: { [`${port}/tcp`]: [{ HostIp: "127.0.0.1", HostPort: "" }] } } : {}),
      },
      NetworkingConfig: { EndpointsConfig: { [net.name]: { IPAMConfig: { IPv4Address: ip }, Aliases: [part.name] } } },
    });
    this.running.set(part.name, { part, container, ip, port, stopping: false });
  }

  private died(part: string, code: number | null): void {
    const c = this.running.get(part);
    if (!c || c.stopping) return;
    for (const listener of this.exitListeners) listener({ part, role: c.part.role, t: Date.now(), ...exitFromStatus(code) });
  }

  private readiness(c: RunningContainer) {
    const { part } = c;
    if (part.role === "replica") {
      const ready = part.ready;
      if ("tcp" in ready) return waitForTcp(c.port, c.ip);
      const ok = new Set(ready.http.status);
      return waitForHttp(`http://${c.ip}:${c.port}${ready.http.path}`, (s) => ok.has(s));
    }
    if (part.role === "fault-proxy") return waitForHttp(`http://${c.ip}:${c.port}/version`);
    if (part.role === "balancer") return waitForHttp(`${this.entryUrl}/__harness/healthz`);
    return storeNodeReadiness(part, c.port, c.ip);
  }

  async startPart(name: string): Promise<void> {
    let c = this.running.get(name);
    if (!c) throw new Error(`startPart: no part named ${name}`);
    if (c.listing !== undefined && c.listing !== this.listing.version) {
      // A container's command is fixed when it is made: a replica that must
      // start with another server list is made again, on the same address.
      await c.container.remove({ force: true });
      c.log?.stop();
      await this.createReplica(c.part);
      c = this.running.get(name);
      if (!c) throw new Error(`startPart: ${name} was not made again`);
    }
    const since = Math.floor(Date.now() / 1000);
    c.stopping = false;
    await c.container.start();
    c.log?.stop();
    const logFile = join(this.runDir, "logs", `${name}.log`);
    const from = logSize(logFile);
    const log = await followLogs(c.container, logFile, since);
    c.log = log;
    if (c.part.role === "balancer") {
      const info = await c.container.inspect();
      this.entryPort = Number(info.NetworkSettings.Ports[`${PORT.nginx}/tcp`]?.[0]?.HostPort ?? 0);
      this.ledger.addPorts([this.entryPort]);
    }
    // Its exit status, once the log holds what it wrote last (Docker ends the log stream when the container stops).
    const exited = c.container.wait().then(
      async (r: { StatusCode?: number }) => {
        await Promise.race([log.drained, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
        return exitFromStatus(r.StatusCode ?? null);
      },
      () => undefined,
    );
    await waitUntilReady(this.readiness(c), { part: name, timeoutMs: 30_000, exited, log: { file: logFile, from } });
  }

  async killPart(name: string): Promise<void> {
    const c = this.running.get(name);
    if (!c) throw new Error(`killPart: no part named ${name} (have ${[...this.running.keys()].join(", ")})`);
    c.stopping = true;
    await c.container.kill().catch(() => undefined);
    await c.container.wait().catch(() => undefined);
  }

  async stopPart(name: string): Promise<void> {
    const c = this.running.get(name);
    if (!c) throw new Error(`stopPart: no part named ${name} (have ${[...this.running.keys()].join(", ")})`);
    c.stopping = true;
    // Docker sends the container's stop signal, then SIGKILL after t seconds: the process backend's grace.
    await c.container.stop({ t: Math.floor(DEFAULT_GRACE_MS / 1000) }).catch(() => undefined);
    await c.container.wait().catch(() => undefined);
  }

  describe(): ClusterDescription {
    const parts: PartInfo[] = [];
    for (const p of this.plan.parts) {
      const c = this.running.get(p.name);
      if (c) parts.push({ name: p.name, role: p.role, address: `${c.ip}:${c.port}`, container: c.container.id.slice(0, 12), log: `logs/${p.name}.log` });
    }
    const store = storePart(this.plan);
    const node = store && this.running.get(store.name);
    return {
      backend: DOCKER_BACKEND.name,
      entryUrl: this.entryUrl,
      ...(this.toxiproxyUrl ? { toxiproxyUrl: this.toxiproxyUrl } : {}),
      ...(store && node ? { storeUrl: nodeUrl(store.node, node.ip, node.port) } : {}),
      ...(this.net ? { network: this.net.name } : {}),
      parts,
    };
  }

  /**
   * Stops and removes every container (nginx first, then the replicas, then
   * the rest) and the network. Idempotent: an abort during start-up and the
   * failure path may both call it.
   */
  stop(options: { graceMs?: number } = {}): Promise<void> {
    this.stopped ??= (async () => {
      const grace = options.graceMs ?? DEFAULT_GRACE_MS;
      for (const c of this.running.values()) c.stopping = true;
      const all = [...this.running.values()];
      // Docker's grace is in whole seconds: an interrupted run (under a second
      // of grace) kills every container at once, so Ctrl-C stays quick.
      const groups = grace < 1000 ? [all] : stopOrder(this.plan).map((names) => all.filter((c) => names.includes(c.part.name)));
      for (const group of groups) await Promise.all(group.map((c) => c.container.stop({ t: Math.floor(grace / 1000) }).catch(() => undefined)));
      this.stopWatching?.();
      for (const c of all) c.log?.stop();
      await Promise.all(all.map((c) => c.container.remove({ force: true, v: true }).catch(() => undefined)));
      await this.net?.network.remove().catch(() => undefined);
    })();
    return this.stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

export const DOCKER_BACKEND: Backend = {
  name: "docker",
  start: (plan, opts) => DockerCluster.start(plan, opts),
};
