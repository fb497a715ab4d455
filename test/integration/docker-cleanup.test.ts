/**
 * Nothing of a Docker run is left when it is interrupted or its harness is
 * killed outright: no container, no network (by the run's label), no
 * published port. Reuses the chaos helpers of the process backend's tests.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../harness/tools/projectRoot";
import { expectHonoured, interrupt, MOMENTS, runDir } from "./support/chaos";
import { leftovers, readLedger, startCli, until } from "./support/cli";
import { dockerLeftovers, noDocker } from "./support/docker";
import { testReportsDir } from "./support/runForTest";

const DOCKER_LOAD = ["login-loop", "--backend", "docker", "--store", "redis", "--vus", "4", "--duration", "30s"];

describe.skipIf(noDocker !== undefined)(`Docker runs leave nothing${noDocker ? ` (skipped: ${noDocker})` : ""}`, () => {
  it("SIGINT during the load: exit 130, report aborted, no container, network or port left", async () => {
    const o = await interrupt(DOCKER_LOAD, MOMENTS["during the load"] ?? (() => true));
    expectHonoured(o, 10_000);
    expect(o.code).toBe(130);
    expect(await dockerLeftovers(o.result?.runId ?? "")).toEqual([]);
  });

  it("harness SIGKILLed during the load, then npm run sweep: nothing left", async () => {
    const reportsDir = testReportsDir();
    const cli = startCli(DOCKER_LOAD, reportsDir);
    await until("the load", () => (MOMENTS["during the load"] ?? (() => true))(cli, reportsDir), 90_000);
    cli.child.kill("SIGKILL");
    await cli.done;
    const runId = readLedger(runDir(reportsDir))?.runId ?? "";
    expect(await dockerLeftovers(runId)).not.toEqual([]);
    const sweep = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot(), "harness/cli/sweep.ts")], {
      cwd: projectRoot(),
      env: { ...process.env, SESSION_HARNESS_REPORTS: reportsDir },
      encoding: "utf8",
    });
    expect(sweep.status, sweep.stderr).toBe(0);
    expect(sweep.stdout).toMatch(new RegExp(`${runId}: stopped .*container .*network`));
    expect(await dockerLeftovers(runId)).toEqual([]);
    expect(await leftovers(runDir(reportsDir))).toEqual([]);
  });
});
