import { writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { trackRun, untrackRun } from "./activeRuns";
import { procStartTime } from "./procStartTime";

export interface LedgerEntry {
  name: string;
  pid: number;
  startTime: string | undefined;
  ports: number[];
}

export interface LedgerFile {
  runId: string;
  harness: { pid: number; startTime: string | undefined };
  /** Every process the run started and has not yet seen exit. */
  processes: LedgerEntry[];
  /** Every port the run handed out, so a test can prove they are free afterwards. */
  ports: number[];
}

export const LEDGER_FILE = "ledger.json";

/**
 * `reports/<run>/ledger.json`, rewritten on every change. If the harness dies
 * without cleaning up (SIGKILL, OOM), the next run or `npm run sweep` reads it
 * and stops exactly these processes: cleanup by tracked pid, never by name.
 */
export class RunLedger {
  private readonly state: LedgerFile;

  constructor(
    private readonly runDir: string,
    runId: string,
  ) {
    this.state = { runId, harness: { pid: process.pid, startTime: procStartTime(process.pid) }, processes: [], ports: [] };
    this.flush();
    trackRun(this);
  }

  /** The run is over and its processes are stopped: the last-resort cleanup no longer needs it. */
  close(): void {
    untrackRun(this);
  }

  get runId(): string {
    return this.state.runId;
  }

  get snapshot(): LedgerFile {
    return structuredClone(this.state);
  }

  addPorts(ports: number[]): void {
    this.state.ports.push(...ports);
    this.flush();
  }

  add(entry: LedgerEntry): void {
    this.state.processes.push(entry);
    this.state.ports.push(...entry.ports);
    this.flush();
  }

  remove(pid: number): void {
    this.state.processes = this.state.processes.filter((p) => p.pid !== pid);
    this.flush();
  }

  private flush(): void {
    const path = join(this.runDir, LEDGER_FILE);
    // Write-then-rename: a sweep never reads half a file.
    writeFileSync(`${path}.tmp`, JSON.stringify(this.state, null, 2));
    renameSync(`${path}.tmp`, path);
  }
}
