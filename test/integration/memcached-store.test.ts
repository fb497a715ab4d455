// The memcached topology on the real parts: two memcached nodes, the sample
// app hashing sessions over them with memjs, each replica reaching each node
// through its own Toxiproxy link. A node restarted mid-run must log out the
// users whose sessions hashed to it, about half, and no one else; and the
// report must say it was that restart.
import { describe, expect, it } from "vitest";
import { noDocker } from "./support/docker";
import { expectHalfLost, expectRehashed, RESTART, ROLLOUT } from "./support/memcachedRuns";
import { expectRunCleanedUp, runForTest } from "./support/runForTest";

describe("memcached on the process backend", () => {
  it("login-loop --store memcached: no logout in at least 2,000 authenticated requests", async () => {
    const { result, runDir } = await runForTest({ scenario: "login-loop", store: "memcached", iterations: 450, duration: "90s" });
    expect(result.status, result.error).toBe("completed");
    expect(result.metrics.logouts.total).toBeGreaterThanOrEqual(2000);
    expect(result.metrics.logouts.hits).toBe(0);
    expect(result.metrics.serverErrors.hits).toBe(0);
    await expectRunCleanedUp(runDir);
  });

  it("restart-node,target=memcached-1: about half the live sessions logged out, each blamed on that restart", async () => {
    const run = await runForTest(RESTART);
    expectHalfLost(run, "memcached restart-node (process)");
    expect(run.result.verdict).toBe("fail");
    await expectRunCleanedUp(run.runDir);
  });
});

// Third-party stacks whose clients hash by server address (ketama): every
// replica is given the same addresses, so none logs anyone out with no fault.
describe.each([
  ["php", "php-memcached's session handler"],
  ["express", "connect-memcached"],
] as const)("%s on memcached (%s)", (app, _client) => {
  it("login-loop: no logout in at least 2,000 authenticated requests", async () => {
    const { result, runDir } = await runForTest({ app, scenario: "login-loop", store: "memcached", iterations: 450, duration: "90s" });
    expect(result.status, result.error).toBe("completed");
    expect(result.metrics.logouts.total).toBeGreaterThanOrEqual(2000);
    expect(result.metrics.logouts.hits).toBe(0);
    expect(result.metrics.serverErrors.hits).toBe(0);
    await expectRunCleanedUp(runDir);
  });

});

describe("php on memcached, a node restarted", () => {
  // Express's is in test:heavy: a few of its requests hang after the restart until k6 gives up (30 s).
  it("restart-node,target=memcached-1: about half the live sessions logged out, each blamed on that restart", async () => {
    const run = await runForTest({ ...RESTART, app: "php" });
    expectHalfLost(run, "php memcached restart-node");
    await expectRunCleanedUp(run.runDir);
  });
});

describe("memcached server list changes on the process backend", () => {
  it("remove-node,target=memcached-2: the replicas restart onto one node, and the sessions hashed elsewhere are lost", async () => {
    const run = await runForTest({ ...ROLLOUT, faults: ["remove-node,target=memcached-2,interval=1500ms,at=3s"] });
    expectRehashed(run, "remove-node", "memcached remove-node (process)");
    await expectRunCleanedUp(run.runDir);
  });
});

describe.skipIf(noDocker !== undefined)(`memcached on --backend docker${noDocker ? ` (skipped: ${noDocker})` : ""}`, () => {
  it("the same restart in containers: the same share lost, the same cause", async () => {
    expectHalfLost(await runForTest({ ...RESTART, backend: "docker" }), "memcached restart-node (docker)");
  });
});
