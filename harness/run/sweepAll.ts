import { sweepDocker } from "../cluster/docker/sweepDocker";
import { sweepStaleRuns, type SweepResult } from "../process/sweepStaleRuns";

/** What crashed runs left, on every backend: processes by ledger and label, containers and networks by label. */
export async function sweepAll(reportsDir: string): Promise<SweepResult[]> {
  return [...sweepStaleRuns(reportsDir), ...(await sweepDocker())];
}
