/** `npm run sweep`: stops what crashed runs left: processes by ledger and label, containers and networks by label. */
import { UsageError } from "../errors/UsageError";
import { portClaimsDir } from "../net/freePort";
import { pruneDeadClaims } from "../net/PortClaims";
import { reportsDir } from "../run/reportsDir";
import { sweepAll } from "../run/sweepAll";
import { EXIT } from "./exitCodes";
import { refuseArguments } from "./refuseArguments";

async function main(): Promise<void> {
  refuseArguments("sweep", "it stops whatever every crashed run under the reports folder left (SESSION_HARNESS_REPORTS sets the folder)");
  const swept = await sweepAll(reportsDir(), (line) => console.error(`session-harness sweep: ${line}`));
  const claims = pruneDeadClaims(portClaimsDir());
  if (claims > 0) console.log(`session-harness sweep: removed ${claims} port claims of harnesses that are gone`);
  if (swept.length === 0) console.log("session-harness sweep: nothing left running by earlier runs");
  for (const s of swept) console.log(`session-harness sweep: ${s.runId}: stopped ${s.killed.join(", ")}`);
}

main().catch((err: unknown) => {
  if (!(err instanceof UsageError)) throw err;
  console.error(`session-harness sweep: ${err.message}`);
  process.exitCode = EXIT.usage;
});
