import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Toxiproxy } from "toxiproxy-node-client";
import { type ClusterSpec } from "../../config/RunConfig";
import { freePort } from "../../net/freePort";
import { type ManagedProcess } from "../../process/ManagedProcess";
import { RunLedger } from "../../process/RunLedger";
import { waitForHttp } from "../../wait/waitStrategies";
import {
  type ClusterDescription,
  type ClusterStartOptions,
  type PartInfo,
  type ReplicaInfo,
  type StartedCluster,
} from "../Cluster";
import { sampleAppBundle } from "../sampleAppBundle";
import { launchNginx, launchRedis, launchToxiproxy, type RunningPart } from "./infraParts";
import { PartLauncher } from "./PartLauncher";

export const COOKIE_NAME = "sid";

interface Replica extends ReplicaInfo {
  port: number;
  env: NodeJS.ProcessEnv;
  proc?: ManagedProcess;
}

/**
 * The default backend: every part is a child process on 127.0.0.1 with a free
 * port. Memory-store runs start no Redis and no Toxiproxy (nothing would use them).
 */
export class ProcessCluster implements StartedCluster {
  readonly replicas: Replica[] = [];
  private redis?: RunningPart;
  private toxiproxy?: RunningPart;
  private nginx?: RunningPart;

  private constructor(
    readonly spec: ClusterSpec,
    readonly runId: string,
    private readonly runDir: string,
    private readonly launcher: PartLauncher,
  ) {}

  static async start(spec: ClusterSpec, opts: ClusterStartOptions): Promise<ProcessCluster> {
    const logDir = join(opts.runDir, "logs");
    await mkdir(logDir, { recursive: true });
    const cluster = new ProcessCluster(spec, opts.runId, opts.runDir, new PartLauncher(logDir, opts.ledger ?? new RunLedger(opts.runDir, opts.runId)));
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
    return `http://127.0.0.1:${this.nginx?.port ?? 0}`;
  }

  get toxiproxyUrl(): string | undefined {
    return this.toxiproxy ? `http://127.0.0.1:${this.toxiproxy.port}` : undefined;
  }

  private async startAll(signal?: AbortSignal): Promise<void> {
    const bundle = await sampleAppBundle();
    if (this.spec.store === "redis") {
      await Promise.all([this.startRedis(), this.startToxiproxy()]);
      signal?.throwIfAborted();
    }
    for (let i = 1; i <= this.spec.replicas; i++) this.replicas.push(await this.defineReplica(i, bundle));
    // Replicas start side by side: on 2 cores that is still quicker than in turn.
    await Promise.all(this.replicas.map((r) => this.startReplica(r.name)));
    signal?.throwIfAborted();
    await this.startNginx();
  }

  private async startRedis(port?: number): Promise<void> {
    this.redis = await launchRedis(this.launcher, this.runDir, port);
  }

  private async startToxiproxy(): Promise<void> {
    this.toxiproxy = await launchToxiproxy(this.launcher);
  }

  /** Replica i reaches Redis only through its own proxy, so a fault can hit one replica's link. */
  private async defineReplica(i: number, bundle: string): Promise<Replica> {
    const name = `app-${i}`;
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(port),
      REPLICA: name,
      SESSION_STORE: this.spec.store,
      SESSION_COMMIT: this.spec.commit,
      SESSION_LOCKING: this.spec.locking ? "on" : "off",
      COOKIE_NAME,
      EXIT_ON_STDIN_CLOSE: "1",
      SAMPLE_APP_BUNDLE: bundle,
    };
    const replica: Replica = { name, url: `http://127.0.0.1:${port}`, port, env };
    if (this.spec.store === "redis" && this.toxiproxy && this.redis) {
      const listen = `127.0.0.1:${await freePort()}`;
      await new Toxiproxy(this.toxiproxyUrl ?? "").createProxy({
        name: `redis-${name}`,
        listen,
        upstream: `127.0.0.1:${this.redis.port}`,
      });
      replica.redisProxy = { name: `redis-${name}`, listen };
      env.REDIS_URL = `redis://${listen}`;
    }
    return replica;
  }

  private replica(name: string): Replica {
    const r = this.replicas.find((x) => x.name === name);
    if (!r) throw new Error(`no replica named ${name} (have ${this.replicas.map((x) => x.name).join(", ")})`);
    return r;
  }

  async startReplica(name: string): Promise<void> {
    const r = this.replica(name);
    if (r.proc?.running) return;
    r.proc = await this.launcher.launch({
      spec: { name, command: process.execPath, args: [r.env.SAMPLE_APP_BUNDLE ?? ""], env: r.env, stdinLifeline: true },
      ports: [r.port],
      ready: waitForHttp(`${r.url}/healthz`),
    });
  }

  async killReplica(name: string): Promise<void> {
    await this.replica(name).proc?.stop({ signal: "SIGKILL" });
  }

  async restartRedis(): Promise<void> {
    if (!this.redis) throw new Error("restartRedis: this cluster runs the memory store, there is no Redis");
    const { proc, port } = this.redis;
    await proc.stop({ signal: "SIGKILL" });
    await this.startRedis(port);
  }

  private async startNginx(): Promise<void> {
    const upstreams = this.replicas.map((r) => ({ name: r.name, port: r.port }));
    this.nginx = await launchNginx(this.launcher, this.runDir, upstreams, this.spec.lb, COOKIE_NAME);
  }

  describe(): ClusterDescription {
    const part = (name: string, kind: PartInfo["kind"], port: number, proc?: ManagedProcess): PartInfo => ({
      name,
      kind,
      address: `127.0.0.1:${port}`,
      pid: proc?.pid,
      log: `logs/${name}.log`,
    });
    const parts: PartInfo[] = [];
    if (this.redis) parts.push(part("redis", "redis", this.redis.port, this.redis.proc));
    if (this.toxiproxy) parts.push(part("toxiproxy", "toxiproxy", this.toxiproxy.port, this.toxiproxy.proc));
    for (const r of this.replicas) parts.push(part(r.name, "app", r.port, r.proc));
    if (this.nginx) parts.push(part("nginx", "nginx", this.nginx.port, this.nginx.proc));
    return {
      backend: "process",
      entryUrl: this.entryUrl,
      toxiproxyUrl: this.toxiproxyUrl,
      redisUrl: this.redis ? `redis://127.0.0.1:${this.redis.port}` : undefined,
      parts,
    };
  }

  /**
   * Stops whatever still runs, nginx first so no request reaches a replica that is
   * stopping. Safe to call again: an abort during start-up calls it while parts
   * are still being launched, and the start-up failure path calls it once more.
   */
  stop(): Promise<void> {
    return this.launcher.stopAll([(p) => p.name === "nginx", (p) => p.name.startsWith("app-")]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
