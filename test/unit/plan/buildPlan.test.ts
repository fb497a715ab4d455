import { describe, expect, it } from "vitest";
import { balancerPart, linksFrom, replicaParts, stopOrder, storePart, survivesLoss, type ReplicaPart } from "../../../harness/plan/Plan";
import { endpointsUsed, readsFromReplica } from "../../../harness/profile/storeEndpoints";
import { buildPlan } from "../../../harness/plan/buildPlan";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";

const sample = await loadProfile("sample");
const plan = (req: Parameters<typeof buildRunConfig>[0]) => buildPlan(buildRunConfig(req, sample), sample.profile, sample.dir);

describe("buildPlan", () => {
  it("a per-process store: replicas and nginx, nothing else", () => {
    const p = plan({ replicas: 2 });
    expect(p.parts.map((x) => `${x.role}:${x.name}`)).toEqual(["replica:app-1", "replica:app-2", "balancer:nginx"]);
    expect(storePart(p)).toBeUndefined();
    expect(p.links).toEqual([]);
    expect(balancerPart(p)).toMatchObject({ lb: "round-robin", cookieName: "sid", protocol: "http", upstreams: ["app-1", "app-2"] });
  });

  it("a Redis store: Redis and Toxiproxy first, one proxy per replica", () => {
    const p = plan({ store: "redis" });
    expect(p.parts.map((x) => x.name)).toEqual(["redis", "toxiproxy", "app-1", "app-2", "app-3", "nginx"]);
    expect(p.parts[1]).toEqual({ role: "fault-proxy", name: "toxiproxy" });
    expect(p.links.map(({ proxy, purpose, from, to }) => ({ proxy, purpose, from, to }))).toEqual(
      ["app-1", "app-2", "app-3"].map((r) => ({ proxy: `redis-${r}`, purpose: "app", from: r, to: "redis" })),
    );
    expect(replicaParts(p).map((r) => linksFrom(p, r.name).map((l) => l.proxy))).toEqual([["redis-app-1"], ["redis-app-2"], ["redis-app-3"]]);
  });

  it("merges the profile's env with the store's and the knobs', placeholders left for the backend", () => {
    const r = replicaParts(plan({ store: "redis", knobs: { commit: "after-response", locking: "on" } }))[0] as ReplicaPart;
    expect(r.launch.env).toMatchObject({
      PORT: "{port}",
      REPLICA: "{replica}",
      SESSION_STORE: "redis",
      REDIS_URL: "{store.url}",
      SESSION_COMMIT: "after-response",
      SESSION_LOCKING: "on",
    });
    expect(r.launch).toMatchObject({ command: "{node}", stdinLifeline: true, stopSignal: "SIGTERM" });
    expect(r.ready).toEqual({ http: { path: "/healthz", status: [200] } });
  });

  it("owns the start order: the store and its proxy, then the replicas, then nginx; a memory store only the last two", () => {
    expect(plan({ store: "redis" }).startOrder).toEqual([["redis", "toxiproxy"], ["app-1", "app-2", "app-3"], ["nginx"]]);
    expect(plan({ replicas: 2 }).startOrder).toEqual([["app-1", "app-2"], ["nginx"]]);
    expect(storePart(plan({ store: "redis" }))).toMatchObject({ role: "store", name: "redis", node: { restartable: true, survivable: false } });
  });

  it("a replicated store: the topology's nodes, a write and a read link per replica, the replication link, in dependency order", () => {
    const p = plan({ store: "redis-replica", replicas: 2 });
    expect(p.startOrder).toEqual([["redis-primary", "toxiproxy"], ["redis-replica-1"], ["app-1", "app-2"], ["nginx"]]);
    expect(p.parts.map((x) => x.name)).toEqual(p.startOrder.flat());
    expect(linksFrom(p, "app-2").map((l) => [l.endpoint?.name, l.proxy])).toEqual([
      ["write", "redis-primary-app-2"],
      ["read", "redis-replica-1-app-2"],
    ]);
    expect(linksFrom(p, "redis-replica-1")).toMatchObject([{ proxy: "redis-primary-redis-replica-1", purpose: "replication", to: "redis-primary" }]);
    expect(storePart(p)?.name).toBe("redis-primary");
    expect(survivesLoss(p, "redis-replica-1")).toBe(true);
    expect(survivesLoss(p, "redis-primary")).toBe(false);
    expect(stopOrder(p)[0]).toEqual(["nginx"]);
    expect(replicaParts(p)[0]?.launch.env).toMatchObject({ REDIS_URL: "{store.url}", REDIS_READ_URL: "{store.readUrl}" });
  });

  it("knows which stores read from a replica node: the ones that hand the app the read endpoint", () => {
    expect(readsFromReplica(sample.profile, sample.dir, "redis-replica", {})).toBe(true);
    expect(readsFromReplica(sample.profile, sample.dir, "redis", {})).toBe(false);
    expect(endpointsUsed(sample.profile, sample.dir, "memory", {})).toEqual([]);
  });

  it("is the same for the same input: nothing of the machine is in it", () => {
    expect(JSON.stringify(plan({ store: "redis" }))).toBe(JSON.stringify(plan({ store: "redis" })));
  });
});
