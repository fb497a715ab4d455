// redis-replica with two replica nodes (--store-replicas 2): each app
// replica reads from one of them in turn, both are sampled, and a read is
// judged by the lag of the node its replica reads from.
import { describe, expect, it } from "vitest";
import { expectRunCleanedUp, runForTest } from "../integration/support/runForTest";

describe("redis-replica --store-replicas 2", () => {
  it("replication-lag=100ms: logouts on both replica nodes, blamed on the lagging replica, each node's lag measured", async () => {
    const run = await runForTest({ scenario: "login-loop", store: "redis-replica", storeReplicas: "2", duration: "8s", vus: 10, faults: ["replication-lag=100ms"] });
    const { result } = run;
    expect(result.status, result.error).toBe("completed");
    expect(result.replicationNodes?.map((r) => [r.replica, r.primary])).toEqual([
      ["redis-replica-1", "redis-primary"],
      ["redis-replica-2", "redis-primary"],
    ]);
    for (const r of result.replicationNodes ?? []) expect(r.lagMs.p50).toBeGreaterThanOrEqual(90);
    expect(result.metrics.logouts.hits).toBeGreaterThan(0);
    const lagging = result.anomalies.byCause["read from a lagging replica"] ?? 0;
    console.log(`2 replica nodes, 100 ms lag: ${result.metrics.logouts.hits} of ${result.metrics.logouts.total} logouts; causes ${JSON.stringify(result.anomalies.byCause)}`);
    expect(lagging / result.metrics.logouts.hits).toBeGreaterThan(0.9);
    // app-1 and app-3 read from redis-replica-1, app-2 from redis-replica-2: both nodes served the misses.
    const readers = new Set(result.anomalies.byReplicaPair.map((p) => p.reader));
    expect(readers.has("app-2") && (readers.has("app-1") || readers.has("app-3"))).toBe(true);
    await expectRunCleanedUp(run.runDir);
  });
});
