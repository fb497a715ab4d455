import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isPortFree } from "../../../harness/net/freePort";
import { isSameProcessAlive } from "../../../harness/process/procStartTime";
import { type LedgerFile } from "../../../harness/process/RunLedger";
import { labelledProcesses } from "../../../harness/process/runLabel";
import { projectRoot } from "../../../harness/tools/projectRoot";
import { waitUntilReady } from "../../../harness/wait/waitStrategies";

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Epoch ms the harness exited. */
  at: number;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliExit>;
  stdout(): string;
}

/**
 * The harness as `npm run scenario` starts it (node with tsx), its reports in
 * `reportsDir`; `under` runs it through a wrapper command (`ip netns exec NS`).
 */
export function startCli(args: string[], reportsDir: string, env: NodeJS.ProcessEnv = {}, under: readonly string[] = []): RunningCli {
  const argv = [process.execPath, "--import", "tsx", join(projectRoot(), "harness/cli/main.ts"), ...args];
  const [command = process.execPath, ...rest] = [...under, ...argv];
  const child = spawn(command, rest, {
    cwd: projectRoot(),
    env: { ...process.env, SESSION_HARNESS_REPORTS: reportsDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout?.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out.stderr += d.toString()));
  const done = new Promise<CliExit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, ...out, at: Date.now() })));
  return { child, done, stdout: () => out.stdout };
}

/** Polls `check` with a short growing interval until it holds (never a fixed sleep). */
export function until(description: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  return waitUntilReady({ description, check: () => Promise.resolve(check()) }, { part: "test", timeoutMs });
}

/** The one run folder in `reportsDir`, once it exists. */
export function runDirIn(reportsDir: string): string | undefined {
  const run = readdirSync(reportsDir).find((d) => existsSync(join(reportsDir, d, "ledger.json")));
  return run === undefined ? undefined : join(reportsDir, run);
}

export function readLedger(runDir: string): LedgerFile | undefined {
  try {
    return JSON.parse(readFileSync(join(runDir, "ledger.json"), "utf8")) as LedgerFile;
  } catch {
    return undefined;
  }
}

/**
 * What a run left behind: live processes from its ledger or carrying its
 * label (nginx workers included), and ports it handed out that are still taken.
 */
export async function leftovers(runDir: string): Promise<string[]> {
  const ledger = readLedger(runDir);
  if (!ledger) return [];
  const left = ledger.processes.filter((p) => isSameProcessAlive(p.pid, p.startTime)).map((p) => `${p.name} (pid ${p.pid})`);
  for (const pid of labelledProcesses().get(ledger.runId) ?? []) {
    if (isSameProcessAlive(pid, undefined)) left.push(`labelled pid ${pid}`);
  }
  for (const port of ledger.ports) if (!(await isPortFree(port))) left.push(`port ${port}`);
  return left;
}
