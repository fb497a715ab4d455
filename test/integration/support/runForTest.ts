import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { isPortFree } from "../../../harness/net/freePort";
import { type LedgerFile } from "../../../harness/process/RunLedger";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig, type RunRequest } from "../../../harness/run/buildRunConfig";
import { runScenario, type FinishedRun } from "../../../harness/run/runScenario";

/** Reports of test runs go to a temp folder, not the user's reports/. */
export const testReportsDir = (): string => mkdtempSync(join(tmpdir(), "session-harness-test-"));

/** A whole run, as `npm run scenario` would do it, for the app `req.app` (the sample app by default). */
export async function runForTest(req: RunRequest & { app?: string }, reportsDir = testReportsDir()): Promise<FinishedRun> {
  const profile = await loadProfile(req.app);
  return runScenario(buildRunConfig(req, profile), { reportsDir, profile, signal: new AbortController().signal, log: () => {} });
}

/** Every process the run started is gone and every port it handed out can be bound again. */
export async function expectRunCleanedUp(runDir: string): Promise<void> {
  const ledger = JSON.parse(readFileSync(join(runDir, "ledger.json"), "utf8")) as LedgerFile;
  expect(ledger.processes, "processes still in the run's ledger").toEqual([]);
  expect(ledger.ports.length).toBeGreaterThan(0);
  const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as { cluster: { parts: { name: string; pid?: number }[] } };
  for (const part of result.cluster.parts) {
    if (part.pid !== undefined) expect(existsSync(`/proc/${part.pid}`), `${part.name} (pid ${part.pid}) still running`).toBe(false);
  }
  for (const port of ledger.ports) expect(await isPortFree(port), `port ${port} still taken`).toBe(true);
}
