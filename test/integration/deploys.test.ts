/**
 * Deploys on the real parts: replicas restarted one at a time during the load
 * (`rolling-restart`), as a deploy restarts them. What it costs depends on where
 * sessions live and what signs their cookies: per-process sessions are lost
 * with their replica; a shared Redis keeps them; a cookie signing secret made
 * by each replica at boot makes every other replica read the cookie as forged.
 */
import { describe, expect, it } from "vitest";
import { type RunResult } from "../../harness/report/RunResult";
import { dockerLeftovers, noDocker } from "./support/docker";
import { expectRunCleanedUp, runForTest } from "./support/runForTest";

const ROLLING = "rolling-restart,interval=2s,at=1s";

/** Every restart has its start and, once the replica answered again, its end. */
function expectRestarts(result: RunResult, replicas: string[]): void {
  const restarts = result.faults.filter((f) => f.kind === "restart");
  expect(restarts.filter((f) => f.event === "start").map((f) => f.target)).toEqual(replicas);
  // Ends in any order: `interval` is between starts, and a slow replica may still be starting when the next one stops.
  expect(restarts.filter((f) => f.event === "end").map((f) => f.target).sort()).toEqual(replicas);
  expect(result.config.faults.every((f) => f.text === result.config.faults[0]?.text)).toBe(true);
}

describe("rolling restarts", () => {
  it("a shared Redis and one signing secret: nobody is logged out, and the restarts are in the timeline", async () => {
    const { result, runDir } = await runForTest({ store: "redis", knobs: { secret: "shared" }, duration: "8s", faults: [ROLLING] });
    expect(result.status, result.error).toBe("completed");
    expectRestarts(result, ["app-1", "app-2", "app-3"]);
    expect(result.metrics.logouts.total).toBeGreaterThan(500);
    expect(result.metrics.logouts.hits).toBe(0);
    // A request on a kept connection the stopping replica closes can fail: a deploy's real cost, and small.
    expect(result.metrics.serverErrors.rate).toBeLessThan(0.01);
    await expectRunCleanedUp(runDir);
  });

  it("a secret each replica makes at boot: users logged out, every one put down to the signature", async () => {
    const { result } = await runForTest({ store: "redis", knobs: { secret: "per-replica" }, duration: "8s", faults: [ROLLING] });
    expect(result.status, result.error).toBe("completed");
    expect(result.metrics.logouts.hits).toBeGreaterThan(0);
    expect(result.anomalies.byCause["cookie signed with another secret"]).toBe(result.metrics.logouts.hits);
  });

  it("per-process sessions on one replica: its restart logs its users out, and the report says the restart did", async () => {
    // Think time spreads a user's requests over the restart, as real users' are.
    const { result } = await runForTest({ store: "memory", replicas: 1, vus: 20, think: "500ms", duration: "8s", faults: ["rolling-restart,at=2200ms"] });
    expect(result.status, result.error).toBe("completed");
    expectRestarts(result, ["app-1"]);
    expect(result.metrics.logouts.hits).toBeGreaterThan(0);
    expect(result.anomalies.byCause["replica restart lost its sessions"]).toBe(result.metrics.logouts.hits);
  });
});

describe("the Express example's express-session secret", () => {
  it("one secret: a rolling restart logs nobody out; one per replica: users are, and the report says what could do that", async () => {
    const shared = await runForTest({ app: "express", store: "redis", duration: "8s", faults: [ROLLING] });
    expect(shared.result.status, shared.result.error).toBe("completed");
    expectRestarts(shared.result, ["app-1", "app-2", "app-3"]);
    expect(shared.result.metrics.logouts.hits).toBe(0);
    const perReplica = await runForTest({ app: "express", store: "redis", knobs: { secret: "per-replica" }, duration: "4s" });
    expect(perReplica.result.metrics.logouts.hits).toBeGreaterThan(0);
    // The app does not say why it refused the cookie, so the cause stays unknown; the reason names what fits.
    expect(perReplica.result.anomalies.explanations.join(" ")).toMatch(/unknown \(the session was read on a replica other than the one that created it, with a store every replica shares.*own secret/);
  });
});

describe.skipIf(noDocker !== undefined)(`rolling restarts on --backend docker${noDocker ? ` (skipped: ${noDocker})` : ""}`, () => {
  it("containers stopped and started in turn: a shared Redis keeps every session", async () => {
    const { result } = await runForTest({ backend: "docker", store: "redis", knobs: { secret: "shared" }, duration: "8s", faults: [ROLLING] });
    expect(result.status, result.error).toBe("completed");
    expectRestarts(result, ["app-1", "app-2", "app-3"]);
    expect(result.metrics.logouts.hits).toBe(0);
    expect(await dockerLeftovers(result.runId)).toEqual([]);
  });
});
