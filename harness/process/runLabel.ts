import { readdirSync, readFileSync } from "node:fs";

/**
 * Every process a run starts carries this variable in its environment, set to
 * the run's id, and so do the processes those start (nginx's workers,
 * php-fpm's children). It is the run's label, as a container label is: the
 * sweep finds a crashed run's processes by it even when the harness died
 * before writing one to the ledger, and never by a process's name.
 */
export const RUN_LABEL = "SESSION_HARNESS_RUN";

export function withRunLabel(env: NodeJS.ProcessEnv, runId: string): NodeJS.ProcessEnv {
  return { ...env, [RUN_LABEL]: runId };
}

/** Pids of live processes labelled with each run id, from /proc/<pid>/environ (unreadable ones are skipped). */
export function labelledProcesses(): Map<string, number[]> {
  const byRun = new Map<string, number[]>();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return byRun;
  }
  const prefix = `${RUN_LABEL}=`;
  for (const pid of pids) {
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, "latin1");
    } catch {
      continue;
    }
    const entry = environ.split("\0").find((e) => e.startsWith(prefix));
    if (entry === undefined) continue;
    const runId = entry.slice(prefix.length);
    byRun.set(runId, [...(byRun.get(runId) ?? []), Number(pid)]);
  }
  return byRun;
}
