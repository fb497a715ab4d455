// The memcached faults repeated: add-node on processes (the sample app, and
// PHP with either hash), a node restart under Express's tuned client, and
// remove-node on Docker, where each replica's container is made again with
// the new list. npm test keeps one case of each.
import { describe, expect, it } from "vitest";
import { noDocker } from "../integration/support/docker";
import { expectRehashed, RESTART, rolloutSessions, ROLLOUT, sessionsAcross } from "../integration/support/memcachedRuns";
import { expectRunCleanedUp, runForTest } from "../integration/support/runForTest";

describe("memcached add-node on the process backend", () => {
  it("add-node,target=memcached-3: nothing is lost from a node, yet sessions that now hash to another are gone", async () => {
    const run = await runForTest({ ...ROLLOUT, faults: ["add-node,target=memcached-3,interval=1500ms,at=3s"] });
    expectRehashed(run, "add-node", "memcached add-node (process)");
    await expectRunCleanedUp(run.runDir);
  });
});

describe("php-memcached: what its consistent-hash setting saves when a node is added", () => {
  it("ketama (its default) loses fewer of the sessions alive across add-node than modulo", async () => {
    // 48 users, so a third against two thirds is told apart all but once in thousands of runs.
    const lost: Record<string, number> = {};
    for (const hash of ["consistent", "modulo"] as const) {
      const run = await runForTest({ ...ROLLOUT, app: "php", vus: 48, knobs: { "memcached-hash": hash }, faults: ["add-node,target=memcached-3,interval=1500ms,at=3s"] });
      expectRehashed(run, "add-node", `php add-node (${hash})`);
      const s = rolloutSessions(run);
      lost[hash] = s.lostAcross / s.across;
      await expectRunCleanedUp(run.runDir);
    }
    expect(lost.consistent).toBeLessThan(lost.modulo ?? 0);
  });
});

describe("express on memcached, a node restarted, the client tuned to use it again within a second", () => {
  // With the `memcached` client's own defaults (retry 30 s, dead for 5 h after 5 failures) three runs gave three
  // outcomes (no logout and 999 5xx to the end of the run; 505 logouts and 1,627 5xx; 146 logouts and no 5xx):
  // no known answer to assert, so only the tuned client is checked. docs/store-topologies.md has the numbers.
  it("--memcached-client prompt: logouts only of sessions made before the node was back, each blamed on the restart", async () => {
    const run = await runForTest({ ...RESTART, app: "express", knobs: { "memcached-client": "prompt" } });
    const { result } = run;
    expect(result.status, result.error).toBe("completed");
    const across = sessionsAcross(run);
    console.log(`express memcached restart-node (prompt): ${across.lost} of ${across.alive} across logged out, ${across.lostMadeAfter} made after it; causes ${JSON.stringify(result.anomalies.byCause)}`);
    expect(result.metrics.logouts.hits).toBeGreaterThan(0);
    expect(result.anomalies.byCause["store node restart lost the session"]).toBe(result.anomalies.byKind.logout);
    expect(across.lostMadeAfter).toBe(0);
    await expectRunCleanedUp(run.runDir);
  });
});

describe.skipIf(noDocker !== undefined)(`memcached remove-node on --backend docker${noDocker ? ` (skipped: ${noDocker})` : ""}`, () => {
  it("remove-node in containers: each replica's container is made again with the new list", async () => {
    expectRehashed(await runForTest({ ...ROLLOUT, backend: "docker", faults: ["remove-node,target=memcached-2,interval=1500ms,at=3s"] }), "remove-node", "memcached remove-node (docker)");
  });
});
