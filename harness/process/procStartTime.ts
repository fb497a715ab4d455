import { readFileSync } from "node:fs";

/**
 * The kernel's start time of `pid` (field 22 of /proc/<pid>/stat), or undefined
 * when the process is gone. A pid plus its start time names one process for good:
 * the sweep never signals a pid that was reused by someone else's process.
 */
export function procStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses; count from its end.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

/** True while the very process (pid and start time) recorded earlier still runs. */
export function isSameProcessAlive(pid: number, startTime: string | undefined): boolean {
  const now = procStartTime(pid);
  return now !== undefined && (startTime === undefined || now === startTime);
}
