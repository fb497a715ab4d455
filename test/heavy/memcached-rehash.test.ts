// The memcached server-list changes repeated: add-node on processes, and
// remove-node on Docker, where each replica's container is made again with the
// new list. npm test keeps remove-node on processes and the restart on both.
import { describe, it } from "vitest";
import { noDocker } from "../integration/support/docker";
import { expectRehashed, ROLLOUT } from "../integration/support/memcachedRuns";
import { expectRunCleanedUp, runForTest } from "../integration/support/runForTest";

describe("memcached add-node on the process backend", () => {
  it("add-node,target=memcached-3: nothing is lost from a node, yet sessions that now hash to another are gone", async () => {
    const run = await runForTest({ ...ROLLOUT, faults: ["add-node,target=memcached-3,interval=1500ms,at=3s"] });
    expectRehashed(run, "add-node", "memcached add-node (process)");
    await expectRunCleanedUp(run.runDir);
  });
});

describe.skipIf(noDocker !== undefined)(`memcached remove-node on --backend docker${noDocker ? ` (skipped: ${noDocker})` : ""}`, () => {
  it("remove-node in containers: each replica's container is made again with the new list", async () => {
    expectRehashed(await runForTest({ ...ROLLOUT, backend: "docker", faults: ["remove-node,target=memcached-2,interval=1500ms,at=3s"] }), "remove-node", "memcached remove-node (docker)");
  });
});
