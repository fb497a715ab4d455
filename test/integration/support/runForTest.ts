import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { DEFAULT_CLUSTER, DEFAULT_LOAD, replicaNames, type ClusterSpec, type LoadSpec, type RunConfig } from "../../../harness/config/RunConfig";
import { parseFaultSpec } from "../../../harness/faults/FaultSpec";
import { parseDuration } from "../../../harness/config/parseDuration";
import { isPortFree } from "../../../harness/net/freePort";
import { type LedgerFile } from "../../../harness/process/RunLedger";
import { runScenario, type FinishedRun } from "../../../harness/run/runScenario";

/** Reports of test runs go to a temp folder, not the user's reports/. */
export const testReportsDir = (): string => mkdtempSync(join(tmpdir(), "session-harness-test-"));

export function testConfig(
  cluster: Partial<ClusterSpec>,
  load: Partial<LoadSpec> & { duration: string },
  scenario = "login-loop",
  faults: string[] = [],
): RunConfig {
  const spec = { ...DEFAULT_CLUSTER, ...cluster };
  return {
    scenario,
    faults: faults.map((f) => parseFaultSpec(f, replicaNames(spec.replicas), spec.store)),
    cluster: spec,
    load: { ...DEFAULT_LOAD, ...load, durationMs: parseDuration(load.duration) ?? 0 },
  };
}

export function runForTest(config: RunConfig, reportsDir = testReportsDir()): Promise<FinishedRun> {
  return runScenario(config, { reportsDir, signal: new AbortController().signal, log: () => {} });
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
