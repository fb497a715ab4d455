import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isSameProcessAlive } from "./procStartTime";
import { LEDGER_FILE, type LedgerFile } from "./RunLedger";

export interface SweepResult {
  runId: string;
  killed: string[];
}

/**
 * Stops what runs whose harness is gone left behind. A run whose harness still
 * lives is someone's run in progress and is left alone.
 */
export function sweepStaleRuns(reportsDir: string): SweepResult[] {
  if (!existsSync(reportsDir)) return [];
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
      if (!isSameProcessAlive(p.pid, p.startTime)) continue;
      try {
        process.kill(-p.pid, "SIGKILL");
        killed.push(`${p.name} (pid ${p.pid})`);
      } catch {
        // Exited meanwhile.
      }
    }
    if (killed.length > 0) results.push({ runId, killed });
  }
  return results;
}
