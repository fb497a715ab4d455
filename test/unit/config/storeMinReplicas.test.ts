import { describe, expect, it } from "vitest";
import { resolveStoreMinReplicas } from "../../../harness/config/storeMinReplicas";
import { resolveStoreReplicas } from "../../../harness/config/storeReplicas";
import { UsageError } from "../../../harness/errors/UsageError";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildPlan } from "../../../harness/plan/buildPlan";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";

const sentinel = { store: "redis-sentinel", replicates: true, external: false };
const sample = await loadProfile("sample");

describe("--store-min-replicas-to-write", () => {
  it("is off unless given; the lag defaults to Redis's 10 s", () => {
    expect(resolveStoreMinReplicas(undefined, undefined, sentinel)).toBeUndefined();
    expect(resolveStoreMinReplicas("1", undefined, sentinel)).toEqual({ toWrite: 1, maxLagS: 10 });
    expect(resolveStoreMinReplicas("2", "3", sentinel)).toEqual({ toWrite: 2, maxLagS: 3 });
  });

  it.each([
    ["0", undefined, sentinel, '--store-min-replicas-to-write "0" is not allowed: use how many replicas must have the stream for the primary to take writes, 1-16'],
    ["1", "1.5", sentinel, '--store-min-replicas-max-lag "1.5" is not allowed: use seconds, 1-3600'],
    [undefined, "3", sentinel, "--store-min-replicas-max-lag needs --store-min-replicas-to-write N"],
    ["1", undefined, { ...sentinel, store: "redis", replicates: false }, "--store redis has none: use a store on redis-replica or redis-sentinel"],
    ["1", undefined, { ...sentinel, external: true }, "the cluster at --url has its own store"],
  ] as const)("%s / %s on %j is refused in one line", (n, lag, ctx, message) => {
    expect(() => resolveStoreMinReplicas(n, lag, ctx)).toThrow(UsageError);
    expect(() => resolveStoreMinReplicas(n, lag, ctx)).toThrow(message);
  });

  it("every Redis node gets it (any may be promoted), no sentinel does", () => {
    const config = buildRunConfig({ store: "redis-sentinel", storeMinReplicasToWrite: "1", storeMinReplicasMaxLag: "2" }, sample);
    const parts = buildPlan(config, sample.profile, sample.dir).parts.flatMap((p) => (p.role === "store" ? [p] : []));
    for (const p of parts) {
      const has = p.node.args.join(" ").includes("--min-replicas-to-write 1 --min-replicas-max-lag 2");
      expect(has, p.name).toBe(p.node.scheme === "redis");
    }
    expect(() => buildRunConfig({ store: "redis", storeMinReplicasToWrite: "1" }, sample)).toThrow(/has none/);
  });
});

describe("--store-replicas", () => {
  it("sizes redis-replica, and nothing else", () => {
    expect(resolveStoreReplicas(undefined, { store: "redis", resizable: false, external: false })).toBeUndefined();
    const config = buildRunConfig({ store: "redis-replica", storeReplicas: "3" }, sample);
    expect(config.cluster.storeReplicas).toBe(3);
    const nodes = buildPlan(config, sample.profile, sample.dir).parts.flatMap((p) => (p.role === "store" ? [p.name] : []));
    expect(nodes).toEqual(["redis-primary", "redis-replica-1", "redis-replica-2", "redis-replica-3"]);
    // restart-node may name the added nodes.
    expect(() => buildRunConfig({ store: "redis-replica", storeReplicas: "3", faults: ["restart-node,target=redis-replica-3,at=2s"] }, sample)).not.toThrow();
  });

  it.each([
    ["0", { store: "redis-replica", resizable: true, external: false }, '--store-replicas "0" is not allowed: use a whole number of replica nodes, 1-4'],
    ["5", { store: "redis-replica", resizable: true, external: false }, '--store-replicas "5" is not allowed'],
    ["2", { store: "redis-sentinel", resizable: false, external: false }, "--store redis-sentinel has a fixed shape: use a store on redis-replica"],
    ["2", { store: "redis-replica", resizable: true, external: true }, "the cluster at --url has its own"],
  ] as const)("%s on %j is refused in one line", (n, ctx, message) => {
    expect(() => resolveStoreReplicas(n, ctx)).toThrow(UsageError);
    expect(() => resolveStoreReplicas(n, ctx)).toThrow(message);
  });
});
