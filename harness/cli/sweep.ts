/** `npm run sweep`: stops what crashed runs left running, by the pids in their ledgers. */
import { join } from "node:path";
import { sweepStaleRuns } from "../process/sweepStaleRuns";
import { projectRoot } from "../tools/projectRoot";

const reportsDir = process.env.SESSION_HARNESS_REPORTS ?? join(projectRoot(), "reports");
const swept = sweepStaleRuns(reportsDir);
if (swept.length === 0) console.log("session-harness sweep: nothing left running by earlier runs");
for (const s of swept) console.log(`session-harness sweep: ${s.runId}: stopped ${s.killed.join(", ")}`);
