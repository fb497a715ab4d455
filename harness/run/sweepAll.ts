import { sweepDocker, SWEEP_TIMEOUT_MS } from "../cluster/docker/sweepDocker";
import { sweepStaleRuns, type SweepResult } from "../process/sweepStaleRuns";

/**
 * What crashed runs left, on every backend: processes by ledger and label,
 * containers and networks by label. A Docker engine that does not answer in
 * time is said through `warn` and skipped: a run on processes does not need it.
 * An `interrupt` (the run's Ctrl-C) ends the Docker part at once, unsaid.
 */
export async function sweepAll(reportsDir: string, warn: (line: string) => void = () => {}, interrupt?: AbortSignal): Promise<SweepResult[]> {
  const processes = sweepStaleRuns(reportsDir);
  if (interrupt?.aborted) return processes;
  // Ctrl-C during the sweep ends it at once: it is housekeeping, not the run.
  const bound = AbortSignal.timeout(SWEEP_TIMEOUT_MS);
  try {
    return [...processes, ...(await sweepDocker(interrupt ? AbortSignal.any([interrupt, bound]) : bound))];
  } catch (err) {
    if (interrupt?.aborted) return processes;
    const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
    warn(`warning: the Docker engine did not answer the sweep within ${SWEEP_TIMEOUT_MS / 1000} s (${why}); containers of crashed runs, if any, are left (restart dockerd, then npm run sweep)`);
    return processes;
  }
}
