/**
 * The Express example (express-session: MemoryStore, or connect-redis on
 * node-redis) as a third-party app: it sends no header for the harness, so
 * every replica named here was named by the harness's nginx. Seed 001's
 * scenario reproduced on a real stack, and its concurrent-write hole.
 */
import { describe, expect, it } from "vitest";
import { expectRunCleanedUp, runForTest } from "./support/runForTest";

const app = "express";

describe("the Express stack", () => {
  it("MemoryStore on 3 replicas behind round-robin: logouts near 2 in 3, writer → reader from nginx", async () => {
    const { result, runDir } = await runForTest({ app, store: "memory", replicas: 3, iterations: 300, duration: "60s", vus: 6 });
    expect(result.status, result.error).toBe("completed");
    expect(result.metrics.logouts.total).toBeGreaterThan(1000);
    expect(result.metrics.logouts.rate).toBeGreaterThanOrEqual(0.6);
    expect(result.metrics.logouts.rate).toBeLessThanOrEqual(0.73);
    expect(result.app.capabilities).toEqual([]);
    expect(result.anomalies.byCause).toEqual({ "cross-replica miss": result.metrics.logouts.hits });
    expect(result.anomalies.byReplicaPair.length).toBeGreaterThanOrEqual(6);
    await expectRunCleanedUp(runDir);
  });

  it("connect-redis: no logout in at least 2,000 authenticated requests", async () => {
    const { result, runDir } = await runForTest({ app, store: "redis", replicas: 3, iterations: 110, duration: "60s", vus: 10, views: 20 });
    expect(result.metrics.logouts.total).toBeGreaterThanOrEqual(2000);
    expect(result.metrics.logouts.hits).toBe(0);
    expect(result.metrics.serverErrors.hits).toBe(0);
    expect(result.verdict).toBe("pass");
    await expectRunCleanedUp(runDir);
  });

  it("two tabs writing at once through connect-redis (no lock): lost updates, named as such because the tokens never came back", async () => {
    const { result, runDir } = await runForTest({ app, scenario: "concurrent-tabs", store: "redis", iterations: 100, duration: "60s", vus: 6 });
    const lost = result.metrics.lostUpdates;
    expect(lost?.total).toBeGreaterThan(300);
    expect((lost?.hits ?? 0) / (lost?.total ?? 1)).toBeGreaterThan(0.1);
    expect(result.metrics.staleReads?.hits).toBe(0);
    expect(result.anomalies.byCause["lost update (last writer won)"]).toBe(lost?.hits);
    await expectRunCleanedUp(runDir);
  });

  // Measured, not assumed: express-session holds the 302's last byte until the
  // store has the write, so a client that reads whole responses (k6) cannot race
  // it, whatever the commit knob. (A browser can: see the browser scenarios.)
  it("after-response through connect-redis shows k6 no stale read", async () => {
    const { result, runDir } = await runForTest({ app, scenario: "write-redirect-race", store: "redis", knobs: { commit: "after-response" }, iterations: 150, duration: "60s", vus: 8 });
    expect(result.metrics.staleReads?.total).toBeGreaterThan(500);
    expect(result.metrics.staleReads?.hits).toBe(0);
    await expectRunCleanedUp(runDir);
  });
});
