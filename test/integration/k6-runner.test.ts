import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkHistory } from "../../harness/history/checkHistory";
import { readHistory } from "../../harness/history/readHistory";
import { bundleScenario } from "../../harness/k6/bundleScenario";
import { readSummary } from "../../harness/k6/readK6Output";
import { K6_EXIT, startK6, type StartedK6 } from "../../harness/k6/runK6";
import { loadProfile } from "../../harness/profile/loadProfile";
import { buildRunConfig } from "../../harness/run/buildRunConfig";
import { runFiles } from "../../harness/run/runFiles";
import { scenarioEnv } from "../../harness/run/scenarioEnv";
import { waitUntilReady, type WaitStrategy } from "../../harness/wait/waitStrategies";
import { parseConfig } from "../../sample-app/config";
import { startApp, type StartedApp } from "../../sample-app/server";
import { METRIC } from "../../scenarios/lib/metricNames";

// One sample-app replica in this process (memory store, no nginx): every session
// lives where it was created, so login-loop must see no logouts. What is under
// test is the k6 side: bundling, running, interrupting and reading back what k6
// wrote (its summary and the history of every request).
let app: StartedApp;
let script: string;
let k6: StartedK6 | undefined;
let runDir: string | undefined;

beforeAll(async () => {
  app = await startApp(parseConfig({ PORT: "0", REPLICA: "app-1", SESSION_STORE: "memory" }), { log: () => {} });
  script = await bundleScenario("login-loop");
});

afterEach(async ({ task }) => {
  // A failed assertion must not leave k6 running into the next test.
  await k6?.process.stop({ signal: "SIGKILL" });
  k6 = undefined;
  // k6.log and the console file of a failed test are kept for the post-mortem.
  if (runDir && task.result?.state === "pass") rmSync(runDir, { recursive: true, force: true });
  runDir = undefined;
});

afterAll(async () => {
  await app.close();
});

async function run(duration: string): Promise<StartedK6> {
  runDir = mkdtempSync(join(tmpdir(), "k6-runner-"));
  const profile = await loadProfile("sample");
  const config = buildRunConfig({ vus: 2, duration, views: 3, replicas: 1 }, profile);
  const files = runFiles(runDir);
  return startK6({
    scriptPath: script,
    cwd: runDir,
    summaryPath: files.k6Summary,
    consolePath: files.k6Console,
    logPath: files.k6Log,
    env: scenarioEnv(config, profile.profile, `http://127.0.0.1:${app.port}`, "k6-runner-test"),
  });
}

/** Ready once k6's REST API reports samples of counter `metric`: the load is really running. */
function counted(apiAddress: string, metric: string): WaitStrategy {
  return {
    description: `k6 ${metric} > 0 at ${apiAddress}`,
    async check() {
      try {
        const res = await fetch(`http://${apiAddress}/v1/metrics/${metric}`, { signal: AbortSignal.timeout(1000) });
        if (!res.ok) return false;
        const body = (await res.json()) as { data?: { attributes?: { sample?: { count?: number } } } };
        return (body.data?.attributes?.sample?.count ?? 0) > 0;
      } catch {
        return false;
      }
    },
  };
}

describe("k6 runner", () => {
  it("runs login-loop to the end and writes a summary the harness can read", async () => {
    k6 = await run("3s");
    const outcome = await k6.done;

    expect(k6.process.running).toBe(false);
    expect(outcome).toMatchObject({ exitCode: K6_EXIT.ok, signal: null, interrupted: false, thresholdsFailed: false });
    expect(outcome.summaryPath).toBeDefined();

    const summary = readSummary(outcome.summaryPath!);
    expect(summary.testRunDurationMs).toBeGreaterThanOrEqual(3000);
    const logouts = summary.rate(METRIC.sessionLogouts);
    expect(logouts?.passes).toBe(0);
    expect(logouts?.fails).toBeGreaterThan(0);
    expect(summary.rate(METRIC.loginFailures)).toMatchObject({ passes: 0 });
    expect(summary.rate(METRIC.serverErrors)).toMatchObject({ passes: 0 });
    const flows = summary.counter(METRIC.flowsCompleted)?.count ?? 0;
    expect(flows).toBeGreaterThan(0);
    for (const trend of [METRIC.flowLogin, METRIC.flowDashboard, METRIC.flowLogout, METRIC.flowIteration]) {
      expect(summary.trend(trend)?.p99).toBeGreaterThan(0);
    }
    // Per iteration: login, its redirect, 3 views, logout; the last one may be cut short.
    const ops = readHistory(outcome.consolePath);
    expect(ops.length).toBeGreaterThanOrEqual(flows * 6);
    expect(ops.filter((o) => o.op === "view").length).toBeGreaterThanOrEqual((ops.filter((o) => o.op === "login").length - 2) * 4);
    // No nginx in front, so no replica is named; the app's own header still is.
    expect(new Set(ops.map((o) => `${o.replica} ${o.appReplica}`))).toEqual(new Set(["null app-1"]));
    expect(checkHistory(ops).anomalies).toEqual([]);
  });

  it("still writes the summary when interrupted with SIGINT, and exits 105", async () => {
    k6 = await run("60s");
    // Interrupt once a whole flow is done, so the summary has custom metrics to lose.
    await waitUntilReady(counted(k6.apiAddress, METRIC.flowsCompleted), { timeoutMs: 15_000, exited: k6.process.exited, part: "k6" });
    const interruptedAt = Date.now();
    k6.process.signal("SIGINT");
    const outcome = await k6.done;

    expect(Date.now() - interruptedAt).toBeLessThan(10_000);
    expect(outcome).toMatchObject({ exitCode: K6_EXIT.externalAbort, signal: null, interrupted: true });
    expect(outcome.summaryPath).toBeDefined();
    const summary = readSummary(outcome.summaryPath!);
    expect(summary.testRunDurationMs).toBeLessThan(60_000);
    expect(summary.counter(METRIC.flowsCompleted)?.count).toBeGreaterThan(0);
    expect(summary.rate(METRIC.loginFailures)?.passes).toBe(0);
  });
});
