/** `npm run sweep`: stops what crashed runs left running, by their ledgers and their run labels. */
import { EXIT } from "./exitCodes";
import { UsageError } from "../errors/UsageError";
import { sweepStaleRuns } from "../process/sweepStaleRuns";
import { reportsDir } from "../run/reportsDir";

try {
  const swept = sweepStaleRuns(reportsDir());
  if (swept.length === 0) console.log("session-harness sweep: nothing left running by earlier runs");
  for (const s of swept) console.log(`session-harness sweep: ${s.runId}: stopped ${s.killed.join(", ")}`);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`session-harness sweep: ${err.message}`);
  process.exitCode = EXIT.usage;
}
