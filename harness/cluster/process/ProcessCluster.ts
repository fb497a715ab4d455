import { balancerSettings } from "../nginxConfig";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Toxiproxy } from "toxiproxy-node-client";
import { canBind, portLease } from "../../net/freePort";
import { balancerPart, faultProxyPart, linksFrom, nodeLink, replicaParts, stopOrder, storePart, type Link, type Part, type Plan, type ReplicaPart, type StorePart } from "../../plan/Plan";
import { type ManagedProcess } from "../../process/ManagedProcess";
import { RunLedger } from "../../process/RunLedger";
import { fillPath, type PlaceholderValues } from "../../profile/placeholders";
import { type EndpointProxy, nodeUrl, storeValues } from "../../topology/StoreTopology";
import { projectRoot } from "../../tools/projectRoot";
import { type Backend, type ClusterDescription, type ClusterStartOptions, type PartExit, type PartInfo, type ReplicaEndpoint, type StartedCluster } from "../Cluster";
import { probeFastcgiEntry } from "../fastcgiProbe";
import { prepareApp } from "../prepareApp";
import { StoreListing } from "../StoreListing";
import { announcedAddresses, type NodeAddresses, nodeLinkAddresses } from "../storeNode";
import { launchNginx, launchStoreNode, launchToxiproxy, type RunningPart } from "./infraParts";
import { makeThrowawayCertificate, type ThrowawayCertificate } from "../tls/throwawayCertificate";
import { type LaunchRequest, PartLauncher } from "./PartLauncher";
import { processPlaceholders, replicaProcessSpec, replicaReadiness, type ReplicaAddresses } from "./replicaProcess";

interface Replica extends ReplicaEndpoint {
  part: ReplicaPart;
  port: number;
  proc?: ManagedProcess;
}

type Listen = { host: string; port: number };

/**
 * The default backend: every part of the plan is a child process on
 * 127.0.0.1 with a port the kernel handed out.
 */
export class ProcessCluster implements StartedCluster {
  readonly replicas: Replica[] = [];
  private readonly infra = new Map<string, RunningPart>();
  /** Where each Toxiproxy proxy listens, by its name. */
  private readonly listens = new Map<string, Listen>();
  /** Each proxy's creation, so a shared one is made once. */
  private readonly making = new Map<string, Promise<Listen>>();
  /** Ports claimed for nodes whose peers proxy is made before they start. */
  private readonly claimed = new Map<string, number>();
  private certificate: ThrowawayCertificate | undefined;
  private readonly exitListeners: ((e: PartExit) => void)[] = [];
  readonly listing: StoreListing;

  private constructor(
    readonly plan: Plan,
    readonly runId: string,
    private readonly runDir: string,
    private readonly launcher: PartLauncher,
  ) {
    this.listing = new StoreListing(plan.topology);
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

  /** The plan's start order, group by group; a part's links are made just before it starts, once what they lead to is up. */
  private async startAll(signal?: AbortSignal): Promise<void> {
    await prepareApp(this.plan);
    // In the plan's order: nginx's upstreams and the replica list keep it, whichever starts first.
    for (const part of replicaParts(this.plan)) this.replicas.push({ name: part.name, address: "", url: undefined, part, port: 0 });
    // Parts of one group start side by side: on 2 cores that is still quicker than in turn.
    for (const group of this.plan.startOrder) {
      await Promise.all(group.map((name) => this.startFirst(this.part(name))));
      signal?.throwIfAborted();
    }
  }

  private part(name: string): Part {
    const part = this.plan.parts.find((p) => p.name === name);
    if (!part) throw new Error(`the plan's start order names ${name}, which is not one of its parts`);
    return part;
  }

  private async startFirst(part: Part): Promise<void> {
    switch (part.role) {
      case "fault-proxy":
        this.infra.set(part.name, await launchToxiproxy(this.launcher, part.name));
        return;
      case "store": {
        // A node that announces its peers proxy must know the proxy's address before it starts, so the proxy is made first, to a port claimed for the node.
        const port = nodeLink(this.plan, part.name, "peer") ? await this.launcher.ports.claim() : undefined;
        if (port !== undefined) this.claimed.set(part.name, port);
        await this.createLinks(part.name);
        this.infra.set(part.name, await launchStoreNode(this.launcher, part, this.runDir, this.nodeAddresses(part), port));
        return;
      }
      case "replica": {
        const r = this.replica(part.name);
        if (!r) throw new Error(`no replica ${part.name}`);
        this.placeReplica(r, await this.launcher.ports.claim());
        await this.createLinks(part.name);
        await this.startPart(part.name);
        return;
      }
      case "balancer":
        await this.startBalancer();
    }
  }

  private async startBalancer(): Promise<void> {
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
          ...balancerSettings(balancer),
          ...(balancer.fastcgi && documentRoot ? { fastcgi: { ...balancer.fastcgi, documentRoot } } : {}),
        },
        this.certificate,
      ),
    );
    if (documentRoot) await probeFastcgiEntry(this.entryUrl, balancer, documentRoot, true);
  }

  /** The part's own Toxiproxy proxies (a replica's one per endpoint, so a fault can hit one replica's link), each to its node as it runs now. */
  private async createLinks(from: string): Promise<void> {
    for (const link of linksFrom(this.plan, from)) {
      // A shared link is made once, by the first of the replicas (which start side by side) to need it.
      const made = this.making.get(link.proxy) ?? this.makeLink(link);
      this.making.set(link.proxy, made);
      this.listens.set(link.proxy, await made);
    }
  }

  private async makeLink(link: Link): Promise<Listen> {
    const port = this.infra.get(link.to)?.port ?? this.claimed.get(link.to);
    if (port === undefined || !this.toxiproxyUrl) throw new Error(`link ${link.proxy}: ${port === undefined ? link.to : "Toxiproxy"} is not running (the plan's start order puts it first)`);
    return this.createProxy(link.proxy, `127.0.0.1:${port}`);
  }

  private readonly listenOf = (link: Link): Listen | undefined => this.listens.get(link.proxy);

  private nodeAddresses(part: StorePart): Pick<NodeAddresses, "replicaof" | "announce" | "monitor"> {
    return nodeLinkAddresses(this.plan, part.name, this.listenOf);
  }

  /** The store placeholders of one replica: every endpoint its links serve, at its own proxy's address. */
  private storeValues(r: Replica): PlaceholderValues {
    const proxies = linksFrom(this.plan, r.name).flatMap((link): EndpointProxy[] => {
      const listen = this.listens.get(link.proxy);
      return link.endpoint && listen ? [{ endpoint: link.endpoint, ...listen }] : [];
    });
    return storeValues(this.plan.topology, proxies, this.listing.unlisted(), announcedAddresses(this.plan, this.listenOf));
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
    return { port: r.port, runDir: this.runDir, profileDir: this.plan.profileDir, cookieName: this.plan.cookieName, store: this.storeValues(r) };
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
    const node = this.plan.parts.find((p): p is StorePart => p.role === "store" && p.name === name);
    if (node?.node.restartable) {
      const running = this.infra.get(name);
      if (running?.proc.running) return;
      this.infra.set(name, await launchStoreNode(this.launcher, node, this.runDir, this.nodeAddresses(node), running?.port));
      return;
    }
    throw new Error(`startPart: ${name} cannot be started again on this backend (replicas and restartable store nodes can)`);
  }

  async killPart(name: string): Promise<void> {
    const proc = this.replica(name)?.proc ?? this.infra.get(name)?.proc;
    if (!proc) throw new Error(`killPart: no part named ${name} (have ${this.describe().parts.map((p) => p.name).join(", ")})`);
    await proc.stop({ signal: "SIGKILL" });
  }

  async stopPart(name: string): Promise<void> {
    const proc = this.replica(name)?.proc ?? this.infra.get(name)?.proc;
    if (!proc) throw new Error(`stopPart: no part named ${name} (have ${this.describe().parts.map((p) => p.name).join(", ")})`);
    await proc.stop();
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
      ...(store && storeRunning ? { storeUrl: nodeUrl(store.node, "127.0.0.1", storeRunning.port) } : {}),
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
    const groups = stopOrder(this.plan).map((names) => (p: ManagedProcess) => names.includes(p.name));
    return this.launcher.stopAll(groups, options.graceMs).finally(() => this.launcher.ports.releaseAll());
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

export const PROCESS_BACKEND: Backend = {
  name: "process",
  start: (plan, opts) => ProcessCluster.start(plan, opts),
};
