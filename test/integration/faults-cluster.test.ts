// The fault scheduler against a real process cluster (Redis store, 2 replicas,
// Toxiproxy between each replica and Redis): a replica killed and brought back,
// Redis restarted empty, a latency toxic on one replica's link, and finish()
// leaving no toxic behind.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { Toxiproxy } from "toxiproxy-node-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessCluster } from "../../harness/cluster/process/ProcessCluster";
import { FaultScheduler, type FaultEvent } from "../../harness/faults/FaultScheduler";
import { buildPlan } from "../../harness/plan/buildPlan";
import { loadProfile } from "../../harness/profile/loadProfile";
import { buildRunConfig } from "../../harness/run/buildRunConfig";
import { listToxics } from "../../harness/faults/listToxics";
import { waitUntilReady } from "../../harness/wait/waitStrategies";

const FAULT_FLAGS = ["kill,target=app-1,at=200ms,for=1s", "restart-redis,at=500ms", "latency=20ms,target=app-2,at=100ms"];

const runDir = mkdtempSync(join(tmpdir(), "session-harness-faults-cluster-"));
let cluster: ProcessCluster | undefined;
let specs: ReturnType<typeof buildRunConfig>["faults"] = [];

async function healthz(url: string): Promise<{ status: number | "refused"; ms: number }> {
  const t = performance.now();
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return { status: res.status, ms: performance.now() - t };
  } catch {
    return { status: "refused", ms: performance.now() - t };
  }
}

/** Polls `check` (short growing interval, bounded by `timeoutMs`) until it holds. */
function until(description: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  return waitUntilReady({ description, check: async () => check() }, { part: "faults test", timeoutMs });
}

const FAULT_FLAGS_CONFIG = { store: "redis", replicas: 2, faults: FAULT_FLAGS };

beforeAll(async () => {
  const profile = await loadProfile("sample");
  const config = buildRunConfig(FAULT_FLAGS_CONFIG, profile);
  cluster = await ProcessCluster.start(buildPlan(config, profile.profile, profile.dir), { runId: "faults-cluster-test", runDir });
  specs = config.faults;
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(runDir, { recursive: true, force: true });
});

describe("FaultScheduler on a process cluster", () => {
  it("kills and restores a replica, restarts Redis empty, adds and removes a toxic", async () => {
    if (!cluster) throw new Error("no cluster");
    const c = cluster;
    const [app1, app2] = c.replicas;
    if (!app1?.url || !app2?.url || !c.toxiproxyUrl) throw new Error("cluster without 2 HTTP replicas and Toxiproxy");
    const [app1Url, app2Url] = [app1.url, app2.url];
    const toxiproxy = new Toxiproxy(c.toxiproxyUrl);
    const redisUrl = c.describe().storeUrl ?? "";
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    redis.on("error", () => undefined);
    try {
      await redis.set("survives-restart?", "no");

      // Probes taken the moment each fault took effect, checked after the run.
      const probes: Promise<[string, unknown]>[] = [];
      const onEvent = (e: FaultEvent): void => {
        if (e.event !== "start") return;
        if (e.kind === "kill") probes.push(healthz(app1Url).then((h) => ["app-1 while killed", h.status]));
        if (e.kind === "latency") {
          probes.push(listToxics(toxiproxy).then((t) => ["toxics during latency", t]));
          probes.push(healthz(app2Url).then((h) => ["app-2 /healthz ms under latency", h.ms]));
        }
      };
      const scheduler = new FaultScheduler(c, specs, { onEvent });
      try {
        scheduler.begin();
        const has = (kind: string, event: string): boolean => scheduler.timeline.some((e) => e.kind === kind && e.event === event);
        await until("kill ended and Redis restarted", () => has("kill", "end") && has("restart-redis", "start"));

        // app-1 is back: its start waited for /healthz, so it answers at once.
        expect((await healthz(app1Url)).status).toBe(200);
        // Redis answers after its restart, without the key written before it.
        expect(await redis.ping()).toBe("PONG");
        expect(await redis.get("survives-restart?")).toBeNull();
        // app-2 reconnects to the new Redis through its (still toxic) link.
        await until("app-2 healthy after the Redis restart", async () => (await healthz(app2Url)).status === 200);
      } finally {
        await scheduler.finish();
      }
      await scheduler.finish(); // idempotent

      const probed = Object.fromEntries(await Promise.all(probes));
      expect(probed["app-1 while killed"]).toBe("refused");
      const during = probed["toxics during latency"] as Awaited<ReturnType<typeof listToxics>>;
      expect(during["redis-app-1"]).toEqual([]);
      expect(during["redis-app-2"]?.map((t) => [t.type, t.stream, t.attributes.latency]).sort()).toEqual([
        ["latency", "downstream", 20],
        ["latency", "upstream", 20],
      ]);
      // /healthz is one Redis PING: +20 ms each way.
      expect(probed["app-2 /healthz ms under latency"]).toBeGreaterThanOrEqual(40 - 2);

      const tl = scheduler.timeline;
      console.log(tl.map((e) => `+${e.offsetMs} ms ${e.event} ${e.fault}${e.detail ? ` (${e.detail})` : ""}`).join("\n"));
      expect(tl.filter((e) => e.event === "error")).toEqual([]);
      // restart-redis ends when Redis answers again, long before the kill's window closes.
      expect(tl.map((e) => `${e.event} ${e.kind}`)).toEqual([
        "start latency",
        "start kill",
        "start restart-redis",
        "end restart-redis",
        "end kill",
        "end latency",
      ]);
      const offset = (event: string, kind: string): number => tl.find((e) => e.event === event && e.kind === kind)?.offsetMs ?? Number.NaN;
      // Never before its time (timers may round down by 1 ms), and not far after it on a busy 2-core box.
      for (const [kind, atMs] of [["latency", 100], ["kill", 200], ["restart-redis", 500]] as const) {
        expect(offset("start", kind)).toBeGreaterThanOrEqual(atMs - 2);
        expect(offset("start", kind)).toBeLessThanOrEqual(atMs + 1000);
      }
      expect(offset("end", "kill")).toBeGreaterThanOrEqual(200 + 1000 - 2);
      expect(tl.every((e, i) => i === 0 || (tl[i - 1]?.t ?? 0) <= e.t)).toBe(true);

      // finish() took every toxic off every proxy.
      expect(await listToxics(toxiproxy)).toEqual({ "redis-app-1": [], "redis-app-2": [] });
    } finally {
      redis.disconnect();
    }
  });
});
