/**
 * The Docker backend on the real engine (images built locally from Debian's
 * packages): the same plan as the process backend, as containers on a network
 * of the run's own. Its numbers must be the process backend's, and nothing of
 * a run may be left: no container, no network, no published port.
 */
import { describe, expect, it } from "vitest";
import { readLedger } from "./support/cli";
import { dockerLeftovers, noDocker } from "./support/docker";
import { expectRunCleanedUp, runForTest } from "./support/runForTest";
import { type FinishedRun } from "../../harness/run/runScenario";

async function expectNothingLeft(run: FinishedRun): Promise<void> {
  expect(await dockerLeftovers(run.result.runId)).toEqual([]);
  await expectRunCleanedUp(run.runDir);
  expect(readLedger(run.runDir)?.ports.length).toBeGreaterThan(0);
}

describe.skipIf(noDocker !== undefined)(`--backend docker${noDocker ? ` (skipped: ${noDocker})` : ""}`, () => {
  it("per-process sessions: logouts near 2 in 3, within 3 points of the process backend's", async () => {
    const load = { store: "memory", replicas: 3, iterations: 300, duration: "60s", vus: 6 } as const;
    const docker = await runForTest({ ...load, backend: "docker" });
    const processes = await runForTest({ ...load, backend: "process" });
    expect(docker.result.status, docker.result.error).toBe("completed");
    const rate = docker.result.metrics.logouts.rate;
    expect(docker.result.metrics.logouts.total).toBeGreaterThan(1000);
    expect(rate).toBeGreaterThanOrEqual(0.6);
    expect(rate).toBeLessThanOrEqual(0.73);
    expect(Math.abs(rate - processes.result.metrics.logouts.rate)).toBeLessThanOrEqual(0.03);
    expect(docker.result.cluster.backend).toBe("docker");
    expect(docker.result.crossChecks.replicaHeader?.agreed).toBe(docker.result.crossChecks.replicaHeader?.compared);
    await expectNothingLeft(docker);
  });

  it("Redis: no logout in at least 2,000 authenticated requests", async () => {
    // A count, not a time: 110 logins of 20 views are 2,200 authenticated
    // requests however busy the machine (10 s gave 1,968 while another run shared it).
    const run = await runForTest({ backend: "docker", store: "redis", iterations: 110, duration: "60s", vus: 10, views: 20 });
    expect(run.result.status, run.result.error).toBe("completed");
    expect(run.result.metrics.logouts.total).toBeGreaterThanOrEqual(2000);
    expect(run.result.metrics.logouts.hits).toBe(0);
    expect(run.result.verdict).toBe("pass");
    await expectNothingLeft(run);
  });

  it("jitter on every Redis link: after-response shows stale reads, before-redirect none", async () => {
    const jitter = { backend: "docker", scenario: "write-redirect-race", store: "redis", duration: "8s", vus: 20, faults: ["latency=50ms,jitter=40ms,direction=upstream"] } as const;
    const late = await runForTest({ ...jitter, knobs: { commit: "after-response" } });
    const early = await runForTest({ ...jitter, knobs: { commit: "before-redirect" } });
    const stale = late.result.metrics.staleReads;
    expect((stale?.hits ?? 0) / (stale?.total ?? 1)).toBeGreaterThan(0.01);
    expect(early.result.metrics.staleReads?.total).toBeGreaterThan(300);
    expect(early.result.metrics.staleReads?.hits).toBe(0);
    await expectNothingLeft(late);
    await expectNothingLeft(early);
  });
});
