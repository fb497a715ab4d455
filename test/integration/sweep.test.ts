/**
 * A harness that dies without cleaning up (SIGKILL) leaves a ledger behind; the
 * next run's sweep stops exactly the processes in it, and only once their
 * harness is gone.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { procStartTime } from "../../harness/process/procStartTime";
import { LEDGER_FILE, type LedgerFile } from "../../harness/process/RunLedger";
import { sweepStaleRuns } from "../../harness/process/sweepStaleRuns";

function startOrphan(): number {
  // Its own process group, as the harness starts every part.
  const child = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
  child.unref();
  if (child.pid === undefined) throw new Error("no pid");
  return child.pid;
}

function writeLedger(reportsDir: string, runId: string, harness: LedgerFile["harness"], pid: number): void {
  const dir = join(reportsDir, runId);
  mkdirSync(dir, { recursive: true });
  const ledger: LedgerFile = { runId, harness, processes: [{ name: "app-1", pid, startTime: procStartTime(pid), ports: [] }], ports: [] };
  writeFileSync(join(dir, LEDGER_FILE), JSON.stringify(ledger));
}

/** Gone, or a zombie waiting for this process to reap it: either way no longer running. */
async function gone(pid: number): Promise<boolean> {
  const running = (): boolean => {
    try {
      return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 100 && running(); i++) await new Promise((r) => setTimeout(r, 20));
  return !running();
}

describe("sweepStaleRuns", () => {
  it("stops what a dead harness left, and leaves a live harness's run alone", async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), "session-harness-sweep-"));
    const orphan = startOrphan();
    const alive = startOrphan();
    try {
      writeLedger(reportsDir, "crashed", { pid: 999_999_999, startTime: "1" }, orphan);
      writeLedger(reportsDir, "running", { pid: process.pid, startTime: procStartTime(process.pid) }, alive);
      const swept = sweepStaleRuns(reportsDir);
      expect(swept).toEqual([{ runId: "crashed", killed: [`app-1 (pid ${orphan})`] }]);
      expect(await gone(orphan)).toBe(true);
      expect(existsSync(`/proc/${alive}`)).toBe(true);
    } finally {
      process.kill(-alive, "SIGKILL");
    }
  });
});
