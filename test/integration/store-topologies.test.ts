// Store topologies on the real parts: the redis-replica topology started by
// the process backend (a primary, a replica node replicating through its own
// Toxiproxy link, a write and a read proxy per app replica), replication-lag
// measured on it, and whole runs showing what reads from a lagging replica do
// to users, against a single Redis that must not log anyone out.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { Toxiproxy } from "toxiproxy-node-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessCluster } from "../../harness/cluster/process/ProcessCluster";
import { faultType } from "../../harness/faults/faults";
import { buildPlan } from "../../harness/plan/buildPlan";
import { loadProfile } from "../../harness/profile/loadProfile";
import { buildRunConfig } from "../../harness/run/buildRunConfig";
import { waitUntilReady } from "../../harness/wait/waitStrategies";
import { dockerLeftovers, noDocker } from "./support/docker";
import { expectRunCleanedUp, runForTest } from "./support/runForTest";

const runDir = mkdtempSync(join(tmpdir(), "session-harness-topologies-"));
let cluster: ProcessCluster | undefined;
const clients: Redis[] = [];

function redisAt(address: string | undefined): Redis {
  const [host, port] = (address ?? "").split(":");
  const c = new Redis({ host, port: Number(port), maxRetriesPerRequest: 1 });
  c.on("error", () => undefined);
  clients.push(c);
  return c;
}

/** Polls `check` (short growing interval, bounded) until it holds. */
function until(description: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  return waitUntilReady({ description, check }, { part: "topology test", timeoutMs });
}

/**
 * The least of `samples` measurements: how long the link itself delays a
 * write. One measurement also holds whatever stalled this process or the
 * machine that moment (a first write measured 720 ms once on a loaded CI
 * machine); a stall cannot make every sample small, so the least is the link.
 */
async function leastVisibleAfterMs(primary: Redis, replica: Redis, key: string, samples = 5): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < samples; i++) least = Math.min(least, await visibleAfterMs(primary, replica, `${key}:${i}`));
  return least;
}

/** How long a key written on the primary takes to show on the replica node, polled every ~1 ms. */
async function visibleAfterMs(primary: Redis, replica: Redis, key: string): Promise<number> {
  const t = performance.now();
  await primary.set(key, "1");
  for (;;) {
    if ((await replica.get(key)) !== null) return performance.now() - t;
    if (performance.now() - t > 5000) throw new Error(`${key} never reached the replica node`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

beforeAll(async () => {
  const profile = await loadProfile("sample");
  const config = buildRunConfig({ store: "redis-replica", replicas: 2 }, profile);
  cluster = await ProcessCluster.start(buildPlan(config, profile.profile, profile.dir), { runId: "topologies-test", runDir });
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await cluster?.stop();
  rmSync(runDir, { recursive: true, force: true });
});

describe("redis-replica on the process backend", () => {
  it("starts a primary and a replica node replicating through Toxiproxy, and a write and a read proxy per app replica", async () => {
    const c = cluster;
    if (!c?.toxiproxyUrl) throw new Error("no cluster");
    const parts = c.describe().parts;
    expect(parts.map((p) => `${p.role}:${p.name}`)).toEqual(["store:redis-primary", "fault-proxy:toxiproxy", "store:redis-replica-1", "replica:app-1", "replica:app-2", "balancer:nginx"]);
    const proxies = await new Toxiproxy(c.toxiproxyUrl).getAll();
    expect(Object.keys(proxies).sort()).toEqual(["redis-primary-app-1", "redis-primary-app-2", "redis-primary-redis-replica-1", "redis-replica-1-app-1", "redis-replica-1-app-2"]);
    const primaryAt = parts.find((p) => p.name === "redis-primary")?.address;
    // The replica node dials its primary through the proxy, not directly.
    const replication = proxies["redis-primary-redis-replica-1"];
    expect(replication?.upstream).toBe(primaryAt);
    const info = await redisAt(parts.find((p) => p.name === "redis-replica-1")?.address).info("replication");
    expect(info).toContain(`master_port:${replication?.listen.split(":")[1] ?? "?"}`);
    expect(info).toMatch(/master_link_status:up/);
  });

  it("replication-lag=100ms delays what the replica node sees by 100 ms, and nothing once it ends", async () => {
    const c = cluster;
    if (!c?.toxiproxyUrl) throw new Error("no cluster");
    const parts = c.describe().parts;
    const primary = redisAt(parts.find((p) => p.name === "redis-primary")?.address);
    const replica = redisAt(parts.find((p) => p.name === "redis-replica-1")?.address);
    const before = await leastVisibleAfterMs(primary, replica, "lag:before");
    const ctx = { cluster: c, toxiproxy: new Toxiproxy(c.toxiproxyUrl), proxyNames: ["redis-primary-redis-replica-1"] };
    const spec = { text: "replication-lag=100ms", kind: "replication-lag", target: "all", atMs: 0, forMs: null, params: { "replication-lag": 100 } };
    const fault = new (faultType("replication-lag"))(spec, "lag-test");
    await fault.start(ctx);
    let during: number[];
    try {
      during = [];
      for (let i = 0; i < 5; i++) during.push(await visibleAfterMs(primary, replica, `lag:during:${i}`));
    } finally {
      await fault.stop(ctx, "window-end");
    }
    const after = await leastVisibleAfterMs(primary, replica, "lag:after");
    console.log(`replication-lag=100ms: visible on the replica after ${before.toFixed(1)} ms before (least of 5), ${during.map((d) => d.toFixed(1)).join(", ")} ms during, ${after.toFixed(1)} ms after (least of 5)`);
    expect(before).toBeLessThan(50);
    // The toxic delays every write by at least its latency, whatever the
    // machine does; only the upper bound needs the least of the samples.
    for (const d of during) expect(d).toBeGreaterThanOrEqual(100);
    expect(Math.min(...during)).toBeLessThan(100 + 60);
    expect(after).toBeLessThan(50);
  });

  it("a replica node killed and started again comes back on its address and syncs through its link", async () => {
    const c = cluster;
    if (!c) throw new Error("no cluster");
    const address = () => c.describe().parts.find((p) => p.name === "redis-replica-1")?.address;
    const was = address();
    await c.killPart("redis-replica-1");
    await redisAt(c.describe().parts.find((p) => p.name === "redis-primary")?.address).set("while-away", "kept");
    await c.startPart("redis-replica-1");
    expect(address()).toBe(was);
    const replica = redisAt(address());
    await until("the replica node has the key written while it was away", async () => (await replica.get("while-away")) === "kept");
  });
});

describe("whole runs", () => {
  it("login-loop --store redis-replica --fault replication-lag=100ms: users logged out, blamed on reads from the lagging replica", async () => {
    const { result, runDir: dir } = await runForTest({ scenario: "login-loop", store: "redis-replica", faults: ["replication-lag=100ms"] });
    expect(result.status, result.error).toBe("completed");
    const { logouts } = result.metrics;
    console.log(`redis-replica, replication-lag=100ms: logouts ${logouts.hits}/${logouts.total}; causes ${JSON.stringify(result.anomalies.byCause)}; ${JSON.stringify(result.replication)}`);
    expect(logouts.rate).toBeGreaterThan(0.2);
    const lagging = result.anomalies.byCause["read from a lagging replica"] ?? 0;
    expect(lagging / result.anomalies.total).toBeGreaterThan(0.9);
    expect(result.anomalies.explanations[0]).toMatch(/logouts; \d+\.\d% attributed to read from a lagging replica/);
    expect(result.faults.find((f) => f.event === "start")?.effect).toBe("stale-reads");
    // The offsets say what the fault asked for.
    expect(result.replication?.lagMs.p50).toBeGreaterThanOrEqual(80);
    expect(result.replication?.lagMs.p50).toBeLessThan(150);
    await expectRunCleanedUp(dir);
  });

  it("login-loop --store redis: no logout in at least 2,000 authenticated requests", async () => {
    const { result, runDir: dir } = await runForTest({ scenario: "login-loop", store: "redis", iterations: 450, duration: "90s" });
    expect(result.status, result.error).toBe("completed");
    console.log(`redis: logouts ${result.metrics.logouts.hits}/${result.metrics.logouts.total}`);
    expect(result.metrics.logouts.total).toBeGreaterThanOrEqual(2000);
    expect(result.metrics.logouts.hits).toBe(0);
    expect(result.replication).toBeUndefined();
    await expectRunCleanedUp(dir);
  });
});

describe("a Redis store with a memory limit, filled by a ballast of cache-like keys", () => {
  const filled = (policy: string, ballast: string) =>
    runForTest({ scenario: "login-loop", store: "redis", storeMaxmemory: "2mb", storePolicy: policy, duration: "6s", faults: [ballast] });

  it("allkeys-lru: sessions are evicted, users logged out, and the report says the store evicted them", async () => {
    const { result, runDir: dir } = await filled("allkeys-lru", "ballast=2000");
    expect(result.status, result.error).toBe("completed");
    console.log(`allkeys-lru: logouts ${result.metrics.logouts.hits}/${result.metrics.logouts.total}; ${JSON.stringify(result.eviction)}`);
    expect(result.eviction?.evictedKeys).toBeGreaterThan(1000);
    expect(result.eviction?.refusedWrites).toBe(0);
    expect(result.metrics.logouts.hits).toBeGreaterThan(0);
    expect((result.anomalies.byCause["store evicted the session"] ?? 0) / result.anomalies.total).toBeGreaterThan(0.9);
    await expectRunCleanedUp(dir);
  });

  it("noeviction: nothing is evicted, the store refuses writes, and the 5xx are blamed on the full store", async () => {
    const { result } = await filled("noeviction", "ballast=2000");
    expect(result.eviction?.evictedKeys).toBe(0);
    expect(result.eviction?.refusedWrites).toBeGreaterThan(0);
    expect(result.metrics.serverErrors.hits).toBeGreaterThan(0);
    expect(result.metrics.logouts.hits).toBe(0);
    expect(result.anomalies.byCause["store full, writes refused"]).toBe(result.anomalies.total);
  });

  it("volatile-lru with a ballast without TTL: only sessions may go, so few do and then the store refuses writes", async () => {
    const { result } = await filled("volatile-lru", "ballast=2000");
    console.log(`volatile-lru, ballast without TTL: ${JSON.stringify(result.eviction)}`);
    // Only keys with a TTL (the sessions) may be evicted: far fewer than the ballast filled.
    expect(result.eviction?.evictedKeys).toBeLessThan(1000);
    expect(result.eviction?.refusedWrites).toBeGreaterThan(0);
    expect(result.anomalies.byCause["store full, writes refused"]).toBeGreaterThan(0);
  });
});

describe("a Redis store that keeps its keys on disk", () => {
  it("--store-persistence everysec: restart-redis loses no session, and the report does not blame it for any", async () => {
    const { result, runDir: dir } = await runForTest({ scenario: "login-loop", store: "redis", storePersistence: "everysec", duration: "6s", vus: 20, think: "20ms", faults: ["restart-redis,at=2s"] });
    expect(result.status, result.error).toBe("completed");
    const restart = result.faults.find((f) => f.kind === "restart-redis" && f.event === "start");
    console.log(`persistent restart: ${restart?.detail ?? "?"}; logouts ${result.metrics.logouts.hits}/${result.metrics.logouts.total}; causes ${JSON.stringify(result.anomalies.byCause)}`);
    expect(restart?.detail).toMatch(/with its keys \(\d+ now, \d+ before the kill\)/);
    expect(restart?.effect).toBeUndefined();
    expect(result.metrics.logouts.hits).toBe(0);
    expect(result.anomalies.byCause["store restart lost the session"]).toBeUndefined();
    await expectRunCleanedUp(dir);
  });
});

describe.skipIf(noDocker !== undefined)(`store topologies on --backend docker${noDocker ? ` (skipped: ${noDocker})` : ""}`, () => {
  it("the same topology in containers: replication through Toxiproxy's container, lag measured, logouts blamed on it", async () => {
    const { result } = await runForTest({ scenario: "login-loop", backend: "docker", store: "redis-replica", duration: "5s", faults: ["replication-lag=100ms"] });
    expect(result.status, result.error).toBe("completed");
    expect(result.cluster.parts.filter((p) => p.role === "store").map((p) => p.name)).toEqual(["redis-primary", "redis-replica-1"]);
    expect(result.metrics.logouts.hits).toBeGreaterThan(0);
    expect((result.anomalies.byCause["read from a lagging replica"] ?? 0) / result.anomalies.total).toBeGreaterThan(0.9);
    expect(result.replication?.lagMs.p50).toBeGreaterThanOrEqual(80);
    expect(await dockerLeftovers(result.runId)).toEqual([]);
  });

  it("a memory limit and a ballast in containers: the node evicts sessions and the report says so", async () => {
    const { result } = await runForTest({ scenario: "login-loop", backend: "docker", store: "redis", storeMaxmemory: "2mb", storePolicy: "allkeys-lru", duration: "6s", faults: ["ballast=2000"] });
    expect(result.status, result.error).toBe("completed");
    expect(result.eviction?.evictedKeys).toBeGreaterThan(1000);
    expect(result.metrics.logouts.hits).toBeGreaterThan(0);
    expect((result.anomalies.byCause["store evicted the session"] ?? 0) / result.anomalies.total).toBeGreaterThan(0.9);
    expect(await dockerLeftovers(result.runId)).toEqual([]);
  });
});
