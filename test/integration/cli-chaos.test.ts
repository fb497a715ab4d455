/**
 * `npm run scenario` driven as a user does, with signals at the moments that
 * used to go wrong and at random ones, a harness killed outright, a part
 * killed by hand and output into a closed pipe. After each: the exit code and
 * the report agree (130 exactly when the report says aborted), an interrupted
 * run that had begun its load reports what it measured, and nothing of the
 * run is left (no process by ledger or label, no port). The 2 s bound and the
 * 30 random interrupts are measured by `npm run chaos`; here the bound is
 * loose, to catch a hang (the old replica shutdown took 5.1 to 6.2 s).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type RunResult } from "../../harness/report/RunResult";
import { projectRoot } from "../../harness/tools/projectRoot";
import { expectHonoured, has, interrupt, LOAD, MOMENTS, runDir } from "./support/chaos";
import { leftovers, readLedger, startCli, until } from "./support/cli";
import { testReportsDir } from "./support/runForTest";

describe("interrupts at the moments that went wrong", () => {
  it.each(Object.keys(MOMENTS))("SIGINT %s", async (moment) => {
    const args = moment === "at k6's end" || moment === "while the report is written" ? [...LOAD, "--duration", "3s"] : [...LOAD, "--duration", "30s"];
    expectHonoured(await interrupt(args, MOMENTS[moment] ?? (() => true)));
  });

  it("SIGTERM during the load (what npm forwards) is honoured like SIGINT", async () => {
    const o = await interrupt([...LOAD, "--duration", "30s"], MOMENTS["during the load"] ?? (() => true), "SIGTERM");
    expect(o.code).toBe(130);
    expectHonoured(o);
  });

  it.each([0.3, 1.1, 2.2])("SIGINT %s s after the start", async (seconds) => {
    const t0 = Date.now();
    expectHonoured(await interrupt([...LOAD, "--duration", "30s"], () => Date.now() - t0 >= seconds * 1000));
  });
});

describe("a harness killed outright", () => {
  it.each([["during start-up", MOMENTS["during start-up"]], ["during the load", MOMENTS["during the load"]]])(
    "SIGKILL %s, then npm run sweep: nothing is left",
    async (_when, moment) => {
      const reportsDir = testReportsDir();
      const cli = startCli([...LOAD, "--duration", "30s"], reportsDir);
      await until("the moment to kill", () => (moment ?? (() => true))(cli, reportsDir), 60_000);
      cli.child.kill("SIGKILL");
      await cli.done;
      const sweep = spawn(process.execPath, ["--import", "tsx", join(projectRoot(), "harness/cli/sweep.ts")], {
        cwd: projectRoot(),
        env: { ...process.env, SESSION_HARNESS_REPORTS: reportsDir },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      sweep.stdout.on("data", (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => sweep.once("exit", resolve));
      expect(code).toBe(0);
      expect(out).toMatch(/stopped/);
      await until("the swept processes to go", () => true);
      expect(await leftovers(runDir(reportsDir))).toEqual([]);
    },
  );
});

describe("parts and pipes", () => {
  it("nginx's master killed by hand mid-run: the run is not a PASS, the timeline names the death, nothing is left", async () => {
    const reportsDir = testReportsDir();
    const cli = startCli([...LOAD, "--duration", "8s"], reportsDir);
    await until("the load", () => (MOMENTS["during the load"] ?? (() => true))(cli, reportsDir), 60_000);
    const nginx = readLedger(runDir(reportsDir))?.processes.find((p) => p.name === "nginx");
    if (!nginx) throw new Error("no nginx in the ledger");
    process.kill(nginx.pid, "SIGKILL");
    const end = await cli.done;
    const result = JSON.parse(readFileSync(join(runDir(reportsDir), "result.json"), "utf8")) as RunResult;
    expect(end.code).toBe(1);
    expect(result.verdict).toBe("error");
    expect(result.error).toMatch(/^nginx \(the balancer\) died mid-run/);
    expect(result.faults.find((f) => f.event === "died")?.fault).toMatch(/^nginx \(balancer\) exited on its own \(signal SIGKILL\)/);
    expect(await leftovers(runDir(reportsDir))).toEqual([]);
  });

  it("output into a closed pipe: the run goes on to its report and leaves nothing", async () => {
    const reportsDir = testReportsDir();
    const harness = `'${process.execPath}' --import tsx harness/cli/main.ts ${[...LOAD, "--duration", "3s"].join(" ")}`;
    const sh = spawn("sh", ["-c", `${harness} | head -1`], { cwd: projectRoot(), env: { ...process.env, SESSION_HARNESS_REPORTS: reportsDir }, stdio: "ignore" });
    await new Promise((resolve) => sh.once("exit", resolve));
    // head exits at once; the harness goes on alone: wait for its report.
    await until("the run's report", () => has(reportsDir, "result.json") && readLedger(runDir(reportsDir))?.processes.length === 0, 60_000);
    const result = JSON.parse(readFileSync(join(runDir(reportsDir), "result.json"), "utf8")) as RunResult;
    expect(result.status).toBe("completed");
    expect(result.metrics.requests).toBeGreaterThan(0);
    expect(await leftovers(runDir(reportsDir))).toEqual([]);
  });
});
