/**
 * Seed 001's practical scenario on the real stack (nginx, sample-app replicas,
 * redis-server, Toxiproxy, k6): per-node sessions behind round-robin log users
 * out (N-1)/N of the time; a shared Redis store or ip-hash stickiness does not.
 */
import { describe, expect, it } from "vitest";
import { expectRunCleanedUp, runForTest } from "./support/runForTest";

describe("login-loop on the real cluster", () => {
  it.each([
    [2, 0.5],
    [3, 2 / 3],
    [4, 0.75],
  ])("memory store, %i replicas, round-robin: logout rate near (N-1)/N", async (replicas, expected) => {
    const { result, runDir } = await runForTest({ store: "memory", replicas, iterations: 300, duration: "60s", vus: 6 });
    expect(result.status).toBe("completed");
    expect(result.metrics.logouts.total).toBeGreaterThan(500);
    expect(result.metrics.logouts.rate).toBeGreaterThanOrEqual(expected - 0.065);
    expect(result.metrics.logouts.rate).toBeLessThanOrEqual(expected + 0.065);
    expect(result.verdict).toBe("fail");
    // Attribution: every logout names a creator and a different answering replica,
    // as the harness's nginx named them, and the app's own header agrees.
    for (const pair of result.anomalies.byReplicaPair) expect(pair.source).not.toBe(pair.reader);
    expect(result.anomalies.byCause).toEqual({ "cross-replica miss": result.metrics.logouts.hits });
    expect(result.crossChecks.replicaHeader?.agreed).toBe(result.crossChecks.replicaHeader?.compared);
    await expectRunCleanedUp(runDir);
  });

  it("redis store, 3 replicas, round-robin: no logouts in at least 2,000 authenticated requests", async () => {
    const { result, runDir } = await runForTest({ store: "redis", iterations: 110, duration: "60s", vus: 10, views: 20 });
    expect(result.metrics.logouts.total).toBeGreaterThanOrEqual(2000);
    expect(result.metrics.logouts.hits).toBe(0);
    expect(result.metrics.serverErrors.hits).toBe(0);
    expect(Object.keys(result.metrics.replicaResponses).sort()).toEqual(["app-1", "app-2", "app-3"]);
    expect(result.verdict).toBe("pass");
    await expectRunCleanedUp(runDir);
  });

  it("memory store behind ip-hash: no logouts, and the report says one address took it all", async () => {
    const { result, runDir } = await runForTest({ store: "memory", lb: "ip-hash", iterations: 150, duration: "60s", vus: 6 });
    expect(result.metrics.logouts.total).toBeGreaterThan(500);
    expect(result.metrics.logouts.hits).toBe(0);
    const answering = Object.entries(result.metrics.replicaResponses).filter(([, n]) => n > 0);
    expect(answering).toHaveLength(1);
    expect(result.notes.join(" ")).toMatch(/one client address .* 100\.0% of responses to app-\d/);
    await expectRunCleanedUp(runDir);
  });
});
