import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isSameProcessAlive, procStartTime } from "./procStartTime";
import { LEDGER_FILE, type LedgerFile } from "./RunLedger";
import { labelledProcesses } from "./runLabel";

export interface SweepResult {
  runId: string;
  killed: string[];
}

function kill(pid: number): boolean {
  let done = false;
  for (const target of [-pid, pid]) {
    try {
      // The group first: a part and whatever it started (nginx's workers).
      process.kill(target, "SIGKILL");
      done = true;
    } catch {
      // Not a group leader, or gone meanwhile.
    }
  }
  return done;
}

/**
 * Stops what runs whose harness is gone left behind: the processes in their
 * ledger and every process labelled with their run id (see runLabel.ts), so a
 * part started a moment before the harness died, or a worker of a part, is
 * found too. A run whose harness still lives (and is not a zombie) is someone's
 * run in progress and is left alone.
 */
export function sweepStaleRuns(reportsDir: string): SweepResult[] {
  if (!existsSync(reportsDir)) return [];
  const labelled = labelledProcesses();
  const results: SweepResult[] = [];
  for (const runId of readdirSync(reportsDir)) {
    const path = join(reportsDir, runId, LEDGER_FILE);
    if (!existsSync(path)) continue;
    let ledger: LedgerFile;
    try {
      ledger = JSON.parse(readFileSync(path, "utf8")) as LedgerFile;
    } catch {
      continue;
    }
    if (isSameProcessAlive(ledger.harness.pid, ledger.harness.startTime)) continue;
    const killed: string[] = [];
    for (const p of ledger.processes) {
      if (isSameProcessAlive(p.pid, p.startTime) && kill(p.pid)) killed.push(`${p.name} (pid ${p.pid})`);
    }
    const known = new Set(ledger.processes.map((p) => p.pid));
    for (const pid of labelled.get(ledger.runId) ?? []) {
      if (known.has(pid) || !isSameProcessAlive(pid, procStartTime(pid))) continue;
      if (kill(pid)) killed.push(`labelled process (pid ${pid})`);
    }
    if (killed.length > 0) results.push({ runId, killed });
  }
  return results;
}
