/**
 * The CLI as a user meets it: bad input starts nothing; Ctrl-C mid-run stops
 * every part, frees every port and still leaves a report marked aborted.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type LedgerFile } from "../../harness/process/RunLedger";
import { projectRoot } from "../../harness/tools/projectRoot";
import { expectRunCleanedUp, testReportsDir } from "./support/runForTest";

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startCli(args: string[], reportsDir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot(), "harness/cli/main.ts"), ...args], {
    cwd: projectRoot(),
    env: { ...process.env, SESSION_HARNESS_REPORTS: reportsDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) => child.once("exit", (code) => resolve({ code, ...out })));
  return { child, done };
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("scenario CLI", () => {
  it.each([
    [["--store", "nope"], /^session-harness: --store "nope" is not allowed for app sample: use one of memory, redis$/],
    [["--app", "php", "--store", "memory"], /^session-harness: --store "memory" is not allowed for app php: use one of files, redis$/],
    [["--app", "./no/such/profile.ts"], /^session-harness: --app "\.\/no\/such\/profile\.ts": no such file/],
    [["--replicas", "40"], /^session-harness: --replicas "40" is not allowed: use a whole number from 1 to 32$/],
    [["nope"], /^session-harness: unknown scenario "nope": use one of .*login-loop/],
  ])("%j exits 2 with one line and starts nothing", async (args, message) => {
    const reportsDir = testReportsDir();
    const run = await startCli(args, reportsDir).done;
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n").filter((l) => !l.startsWith("npm warn"))).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(message);
    expect(readdirSync(reportsDir)).toEqual([]);
  });

  it("SIGINT mid-run: exit 130, report marked aborted, no process left, ports free", async () => {
    const reportsDir = testReportsDir();
    const { child, done } = startCli(["login-loop", "--store", "redis", "--duration", "60s", "--vus", "4"], reportsDir);
    const ledgerPath = (): string | undefined => {
      const run = readdirSync(reportsDir)[0];
      return run ? join(reportsDir, run, "ledger.json") : undefined;
    };
    const k6Running = (): boolean => {
      const path = ledgerPath();
      if (!path || !existsSync(path)) return false;
      const ledger = JSON.parse(readFileSync(path, "utf8")) as LedgerFile;
      return ledger.processes.some((p) => p.name === "k6");
    };
    await until("k6 to start", k6Running, 30_000);
    // Let load flow for a moment so the partial report has numbers.
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    child.kill("SIGINT");
    const run = await done;
    expect(run.code, run.stderr).toBe(130);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const runDir = join(reportsDir, readdirSync(reportsDir)[0] ?? "");
    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as { status: string; verdict: string; metrics: { requests: number } };
    expect(result.status).toBe("aborted");
    expect(result.verdict).toBe("aborted");
    expect(result.metrics.requests).toBeGreaterThan(0);
    expect(readFileSync(join(runDir, "report.md"), "utf8")).toMatch(/ABORTED/);
    await expectRunCleanedUp(runDir);
  });
});
