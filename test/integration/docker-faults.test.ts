/**
 * Every fault on the Docker backend: Toxiproxy's toxics on a run's own
 * Toxiproxy container (and how faithful the latency is, measured by PINGs
 * through a replica's link), a link taken down, a replica's container killed
 * and started again, Redis's container restarted empty.
 */
import { performance } from "node:perf_hooks";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DockerCluster } from "../../harness/cluster/docker/DockerCluster";
import { PROXY_PORT_BASE } from "../../harness/cluster/docker/dockerLayout";
import { FaultScheduler } from "../../harness/faults/FaultScheduler";
import { buildPlan } from "../../harness/plan/buildPlan";
import { loadProfile } from "../../harness/profile/loadProfile";
import { buildRunConfig } from "../../harness/run/buildRunConfig";
import { until } from "./support/cli";
import { dockerLeftovers, noDocker } from "./support/docker";

let cluster: DockerCluster | undefined;
let redis: Redis | undefined;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
async function pings(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await redis?.ping();
    out.push(performance.now() - t);
  }
  return out;
}

async function healthz(url: string | undefined): Promise<number | "refused"> {
  try {
    return (await fetch(`${url ?? ""}/healthz`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return "refused";
  }
}

/** Runs `specs` on the cluster's own scheduler and waits until `done` holds. */
async function schedule(specs: readonly string[], done: (s: FaultScheduler) => boolean): Promise<FaultScheduler> {
  const profile = await loadProfile("sample");
  const config = buildRunConfig({ backend: "docker", store: "redis", replicas: 2, faults: specs }, profile);
  if (!cluster) throw new Error("no cluster");
  const scheduler = new FaultScheduler(cluster, config.faults);
  scheduler.begin();
  await until("the faults", () => done(scheduler), 30_000);
  return scheduler;
}

describe.skipIf(noDocker !== undefined)(`faults on --backend docker${noDocker ? ` (skipped: ${noDocker})` : ""}`, () => {
  beforeAll(async () => {
    const profile = await loadProfile("sample");
    const config = buildRunConfig({ backend: "docker", store: "redis", replicas: 2 }, profile);
    const runDir = mkdtempSync(join(tmpdir(), "session-harness-docker-faults-"));
    cluster = await DockerCluster.start(buildPlan(config, profile.profile, profile.dir), { runId: `docker-faults-${process.pid}`, runDir });
    // app-1's link: the proxy Toxiproxy's container listens on for it, reached on the run's network.
    const toxiproxyHost = new URL(cluster.toxiproxyUrl ?? "").hostname;
    redis = new Redis({ host: toxiproxyHost, port: PROXY_PORT_BASE + 1, maxRetriesPerRequest: 1 });
    redis.on("error", () => undefined);
    await pings(20);
  });

  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
    expect(await dockerLeftovers(`docker-faults-${process.pid}`)).toEqual([]);
  });

  it.each([
    ["latency=30ms,direction=upstream,target=app-1", 30],
    ["latency=30ms,direction=downstream,target=app-1", 30],
    ["latency=30ms,target=app-1", 60],
  ])("%s adds %d ms per Redis round trip, within max(2 ms, 10 percent)", async (text, expected) => {
    const base = median(await pings(30));
    const scheduler = await schedule([text], (s) => s.timeline.some((e) => e.event === "start"));
    const added = median(await pings(25)) - base;
    await scheduler.finish();
    console.log(`docker: ${text}: asked +${expected} ms, measured +${added.toFixed(2)} ms (baseline ${base.toFixed(2)} ms)`);
    expect(Math.abs(added - expected)).toBeLessThanOrEqual(Math.max(2, 0.1 * expected));
  });

  it("down on app-1's link: its Redis commands fail while the other link works", async () => {
    const scheduler = await schedule(["down,target=app-1"], (s) => s.timeline.some((e) => e.event === "start"));
    await expect(redis?.ping()).rejects.toThrow();
    expect(await healthz(cluster?.replicas[1]?.url)).toBe(200);
    await scheduler.finish();
    await until("app-1's link back", () => redis?.status === "ready", 10_000);
  });

  it("kills app-1's container and starts it again, and restarts Redis empty", async () => {
    const direct = new Redis(cluster?.describe().storeUrl ?? "", { maxRetriesPerRequest: 1 });
    direct.on("error", () => undefined);
    await direct.set("survives-restart?", "no");
    let during: Promise<number | "refused"> | undefined;
    const scheduler = await schedule(["kill,target=app-1,at=0ms,for=1s", "restart-redis,at=300ms"], (s) => {
      if (during === undefined && s.timeline.some((e) => e.kind === "kill" && e.event === "start")) during = healthz(cluster?.replicas[0]?.url);
      return s.timeline.some((e) => e.kind === "kill" && e.event === "end") && s.timeline.some((e) => e.kind === "restart-redis");
    });
    await scheduler.finish();
    expect(scheduler.timeline.filter((e) => e.event === "error")).toEqual([]);
    expect(await during).toBe("refused");
    expect(await healthz(cluster?.replicas[0]?.url)).toBe(200);
    await until("Redis back", () => direct.status === "ready", 10_000);
    expect(await direct.get("survives-restart?")).toBeNull();
    direct.disconnect();
  });
});
