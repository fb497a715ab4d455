import { StoreListing } from "../StoreListing";
import { Toxiproxy } from "toxiproxy-node-client";
import { balancerPart, replicaParts, type Plan } from "../../plan/Plan";
import { waitForHttp, waitUntilReady } from "../../wait/waitStrategies";
import { type Backend, type ClusterDescription, type PartExit, type ReplicaEndpoint, type StartedCluster } from "../Cluster";

/**
 * A cluster someone else started (`docker-compose up` of the committed file,
 * say), used as it is: `--url` is its entry, `--toxiproxy-url` its Toxiproxy.
 * Nothing is started or stopped; link faults work through that Toxiproxy
 * when it has the proxies the plan names (redis-app-1 …); faults that stop
 * parts are refused before the run (buildRunConfig). Which replica answered
 * comes from the X-Harness-Replica header, which the committed nginx.conf
 * adds (an entry without it leaves the replicas unnamed, and the report says so).
 */
export class ExternalCluster implements StartedCluster {
  readonly replicas: ReplicaEndpoint[];
  /** Someone else's replicas: nothing the harness changes here reaches them (faults that change it are refused for --url). */
  readonly listing: StoreListing;

  private constructor(
    readonly plan: Plan,
    readonly runId: string,
    readonly entryUrl: string,
    readonly toxiproxyUrl: string | undefined,
  ) {
    this.replicas = replicaParts(plan).map((p) => ({ name: p.name, address: "-", url: undefined }));
    this.listing = new StoreListing(plan.topology);
  }

  static async start(plan: Plan, opts: { runId: string; signal?: AbortSignal }): Promise<ExternalCluster> {
    const external = plan.external;
    if (!external) throw new Error("the external backend needs --url");
    // Any answer will do: the entry is someone else's.
    await waitUntilReady(waitForHttp(`${external.entryUrl}/`, () => true), { part: `the cluster at ${external.entryUrl}`, timeoutMs: 10_000 });
    const cluster = new ExternalCluster(plan, opts.runId, external.entryUrl, external.toxiproxyUrl);
    if (external.toxiproxyUrl) {
      await waitUntilReady(waitForHttp(`${external.toxiproxyUrl}/version`), { part: `Toxiproxy at ${external.toxiproxyUrl}`, timeoutMs: 10_000 });
      const have = Object.keys(await new Toxiproxy(external.toxiproxyUrl).getAll());
      const missing = plan.links.map((l) => l.proxy).filter((name) => !have.includes(name));
      if (missing.length > 0) {
        const expected = plan.links.slice(0, 2).map((l) => l.proxy);
        throw new Error(`Toxiproxy at ${external.toxiproxyUrl} has no proxy ${missing.join(", ")}: the harness expects one per replica and store endpoint, named ${expected.join(", ")} … (it has ${have.join(", ") || "none"})`);
      }
    }
    opts.signal?.throwIfAborted();
    return cluster;
  }

  describe(): ClusterDescription {
    return {
      backend: EXTERNAL_BACKEND_NAME,
      entryUrl: this.entryUrl,
      ...(this.toxiproxyUrl ? { toxiproxyUrl: this.toxiproxyUrl } : {}),
      parts: [{ name: balancerPart(this.plan).name, role: "balancer", address: this.entryUrl.replace(/^http:\/\//, ""), log: "(not the harness's: see the cluster's own logs)" }],
    };
  }

  onPartExit(_listener: (e: PartExit) => void): void {
    // Not the harness's parts: it cannot watch them.
  }

  killPart(name: string): Promise<void> {
    return Promise.reject(new Error(`cannot kill ${name}: the harness did not start this cluster`));
  }

  stopPart(name: string): Promise<void> {
    return Promise.reject(new Error(`cannot stop ${name}: the harness did not start this cluster`));
  }

  startPart(name: string): Promise<void> {
    return Promise.reject(new Error(`cannot start ${name}: the harness did not start this cluster`));
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

const EXTERNAL_BACKEND_NAME = "external";

export const EXTERNAL_BACKEND: Backend = {
  name: EXTERNAL_BACKEND_NAME,
  start: (plan, opts) => ExternalCluster.start(plan, opts),
};
