import { isSameProcessAlive } from "./procStartTime";
import { labelledProcesses } from "./runLabel";

/** What the last-resort cleanup needs of a run under way (its ledger). */
export interface TrackedRun {
  readonly runId: string;
  readonly snapshot: { processes: { pid: number; startTime: string | undefined }[] };
}

/** The runs this harness process has under way. */
const active = new Set<TrackedRun>();

export function trackRun(run: TrackedRun): void {
  active.add(run);
}

export function untrackRun(run: TrackedRun): void {
  active.delete(run);
}

/** The ids of the runs under way (their containers, if any, carry them as labels). */
export function activeRunIds(): string[] {
  return [...active].map((r) => r.runId);
}

/**
 * The last resort: SIGKILL, at once and synchronously, every process of every
 * run under way (by its ledger and by its label), for when an orderly stop is
 * not possible: an uncaught error, a second Ctrl-C. Returns how many it killed.
 */
export function killActiveRuns(): number {
  if (active.size === 0) return 0;
  const labelled = labelledProcesses();
  let killed = 0;
  for (const ledger of active) {
    const pids = new Set([...ledger.snapshot.processes.filter((p) => isSameProcessAlive(p.pid, p.startTime)).map((p) => p.pid), ...(labelled.get(ledger.runId) ?? [])]);
    for (const pid of pids) {
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, "SIGKILL");
          killed++;
        } catch {
          // Not a group leader, or already gone.
        }
      }
    }
  }
  return killed;
}
