/**
 * The app docs/testing-your-own-app.md profiles (plain Python, sessions in a
 * dict per process, no help for the harness: no replica or version header),
 * run exactly as the doc runs it. On one replica its contract must produce no
 * anomaly at all; on three, round-robin logs users out about 2 times in 3,
 * attributed from nginx's replica names alone.
 */
import { describe, expect, it } from "vitest";
import { expectRunCleanedUp, runForTest } from "./support/runForTest";

const app = "examples/tutorial/profile.json";

describe("the tutorial's app, profiled as the doc says", () => {
  it("one replica: every scenario passes, so the contract reads the app right", async () => {
    for (const scenario of ["login-loop", "write-redirect-race"]) {
      const { result, runDir } = await runForTest({ app, scenario, replicas: 1, iterations: 40, duration: "60s", vus: 4 });
      expect(result.status, result.error).toBe("completed");
      expect(result.anomalies.total, result.anomalies.explanations.join(" ")).toBe(0);
      expect(result.metrics.logouts.total).toBeGreaterThan(100);
      expect(result.verdict).toBe("pass");
      await expectRunCleanedUp(runDir);
    }
  });

  it("three replicas behind round-robin: cross-replica logouts, writer and reader named by nginx", async () => {
    const { result, runDir } = await runForTest({ app, replicas: 3, iterations: 150, duration: "60s", vus: 6 });
    expect(result.metrics.logouts.total).toBeGreaterThan(500);
    expect(result.metrics.logouts.rate).toBeGreaterThan(0.55);
    expect(result.metrics.logouts.rate).toBeLessThan(0.73);
    expect(result.app.capabilities).toEqual([]);
    expect(result.crossChecks).toEqual({});
    expect(result.anomalies.byCause).toEqual({ "cross-replica miss": result.metrics.logouts.hits });
    expect(result.anomalies.byReplicaPair.length).toBeGreaterThanOrEqual(6);
    for (const pair of result.anomalies.byReplicaPair) expect(pair.source).not.toBe(pair.reader);
    await expectRunCleanedUp(runDir);
  });
});
