import { readFileSync } from "node:fs";

/** Fields of /proc/<pid>/stat after the command name, which may hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/**
 * The kernel's start time of `pid` (field 22 of /proc/<pid>/stat), or undefined
 * when the process is gone. A pid plus its start time names one process for good:
 * the sweep never signals a pid that was reused by someone else's process.
 */
export function procStartTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/**
 * True while the very process (pid and start time) recorded earlier still
 * runs. A zombie (state Z) has exited and only waits for its parent to reap
 * it: it is dead, whatever its pid says.
 */
export function isSameProcessAlive(pid: number, startTime: string | undefined): boolean {
  const fields = statFields(pid);
  if (fields === undefined || fields[0] === "Z" || fields[0] === "X") return false;
  return startTime === undefined || fields[19] === startTime;
}
