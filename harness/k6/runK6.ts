import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { portLease } from "../net/freePort";
import { ManagedProcess } from "../process/ManagedProcess";
import { findTool, MissingToolError, onPath } from "../tools/findTool";
import { K6 } from "../tools/pinnedTools";

/**
 * k6's exit codes the harness acts on (k6 v2.2.0, errext/exitcodes). Probed:
 * SIGINT or SIGTERM, once or twice, at any point of the run including init,
 * ends the test at once, still runs handleSummary, and exits 105.
 */
export const K6_EXIT = {
  ok: 0,
  thresholdsFailed: 99,
  /** Stopped through the REST API (how the harness stops it): the summary is still written. */
  stoppedByApi: 103,
  externalAbort: 105,
  cannotStartRestApi: 106,
  scriptException: 107,
} as const;

export interface K6Outcome {
  exitCode: number | null;
  /** Set when k6 itself was killed by a signal (SIGKILL); a handled SIGINT shows as exit 105. */
  signal: NodeJS.Signals | null;
  /** The run was cut short by a signal: k6's own 105, or death by a signal. */
  interrupted: boolean;
  /** At least one threshold (CI gate) failed; k6 reports it with exit 99. */
  thresholdsFailed: boolean;
  /** k6-summary.json, present only when handleSummary wrote it. */
  summaryPath?: string;
  /** The scenario's console output (anomaly lines), one JSON log record a line. */
  consolePath: string;
  /** k6's own stdout and stderr. */
  logPath: string;
}

export interface StartK6Options {
  /** A bundled scenario (see bundleScenario). */
  scriptPath: string;
  /** Passed to the script as `-e K=V`; SUMMARY_PATH is added. */
  env: Readonly<Record<string, string>>;
  /** k6 runs here. */
  cwd: string;
  /** Where handleSummary writes, where console output goes, where k6's own output goes. */
  summaryPath: string;
  consolePath: string;
  logPath: string;
  /** Called once k6 runs, before its end is awaited, e.g. to put it into the run ledger. */
  onStart?: (p: ManagedProcess) => void;
  /** The run's id: k6 carries it as its label, so a sweep finds it. */
  runId?: string;
  /** A browser scenario: k6 starts Chromium (found on PATH, installed by setup), trusting the run's TLS key if it has one. */
  browser?: { trustSpki: string | undefined };
}

export interface StartedK6 {
  process: ManagedProcess;
  /** k6's REST API (pause, status), bound to loopback only. */
  apiAddress: string;
  done: Promise<K6Outcome>;
  /**
   * Ends the test now, through k6's REST API: k6 then runs handleSummary and
   * exits 103, and, unlike after SIGINT, a second signal cannot cut the summary
   * short (k6 v2.2.0 drops its signal handler before handleSummary). SIGINT is
   * the fallback when the API does not answer, SIGKILL when k6 has not exited
   * `graceMs` later. Resolves once k6 is gone. Idempotent.
   */
  stop(graceMs?: number): Promise<K6Outcome>;
}

/** How long k6 may take to write its summary and exit once told to stop. */
export const K6_STOP_GRACE_MS = 1000;

async function stopThroughApi(apiAddress: string): Promise<boolean> {
  try {
    const res = await fetch(`http://${apiAddress}/v1/status`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ data: { type: "status", id: "default", attributes: { stopped: true } } }),
      signal: AbortSignal.timeout(300),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * The run's environment without K6_* variables, which would silently
 * reconfigure k6 (K6_OUT, K6_VUS, …), and for browser scenarios the browser
 * module's: Debian's Chromium, headless, every hostname resolved to 127.0.0.1
 * inside that Chromium only (nothing system-wide, and no other address can be
 * reached), as root without its sandbox.
 */
export function k6ProcessEnv(browser: StartK6Options["browser"], chromium?: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("K6_")));
  if (browser === undefined) return env;
  const trust = browser.trustSpki === undefined ? [] : [`ignore-certificate-errors-spki-list=${browser.trustSpki}`];
  return {
    ...env,
    K6_BROWSER_EXECUTABLE_PATH: chromium ?? onPath(CHROMIUM) ?? "",
    K6_BROWSER_HEADLESS: "true",
    K6_BROWSER_ARGS: ["no-sandbox", "host-resolver-rules=MAP * 127.0.0.1", "disable-background-networking", "disable-component-update", ...trust].join(","),
  };
}

export const CHROMIUM = "chromium";

export function k6Args(opts: { scriptPath: string; env: Readonly<Record<string, string>>; apiAddress: string; consolePath: string }): string[] {
  const envArgs = Object.entries(opts.env).flatMap(([name, value]) => ["-e", `${name}=${value}`]);
  return [
    "run",
    "--no-usage-report",
    // The REST API's default was localhost:6565 in k6 v0/v1: two runs would fight over it.
    "--address",
    opts.apiAddress,
    // Applies to --console-output too: each console.log becomes {"level","msg","time"}.
    "--log-format",
    "json",
    "--console-output",
    opts.consolePath,
    // The progress bar is for terminals; in k6.log it is only noise.
    "--quiet",
    "--no-color",
    // __ENV then holds only what the harness passes: a DURATION or USERS in the
    // caller's shell must not change the run.
    "--include-system-env-vars=false",
    ...envArgs,
    opts.scriptPath,
  ];
}

/**
 * Starts `k6 run` on a bundled scenario. The caller interrupts it with
 * `process.signal("SIGINT")`; k6 then still writes the summary (exit 105).
 */
export async function startK6(opts: StartK6Options): Promise<StartedK6> {
  await mkdir(opts.cwd, { recursive: true });
  const { summaryPath, consolePath, logPath } = opts;
  // A summary left by an earlier attempt in this folder must not pass for this run's.
  await Promise.all([summaryPath, consolePath].map((p) => rm(p, { force: true })));

  const chromium = opts.browser ? onPath(CHROMIUM) : undefined;
  if (opts.browser && chromium === undefined) throw new MissingToolError(CHROMIUM);
  // k6's REST API port, held for as long as this k6 runs.
  const ports = portLease();
  const apiAddress = `127.0.0.1:${await ports.claim()}`;
  const k6 = await ManagedProcess.start({
    name: "k6",
    command: findTool(K6),
    args: k6Args({ scriptPath: opts.scriptPath, env: { ...opts.env, SUMMARY_PATH: summaryPath }, apiAddress, consolePath }),
    env: k6ProcessEnv(opts.browser, chromium),
    cwd: opts.cwd,
    logFile: logPath,
    ...(opts.runId === undefined ? {} : { runId: opts.runId }),
  });
  opts.onStart?.(k6);
  void k6.exited.then(() => ports.releaseAll());

  const done = k6.exited.then(({ code, signal }): K6Outcome => {
    const outcome: K6Outcome = {
      exitCode: code,
      signal,
      interrupted: code === K6_EXIT.externalAbort || code === K6_EXIT.stoppedByApi || signal !== null,
      thresholdsFailed: code === K6_EXIT.thresholdsFailed,
      consolePath,
      logPath,
    };
    if (existsSync(summaryPath)) outcome.summaryPath = summaryPath;
    return outcome;
  });
  let stopping: Promise<K6Outcome> | undefined;
  const stop = (graceMs = K6_STOP_GRACE_MS): Promise<K6Outcome> => {
    stopping ??= (async () => {
      if (k6.running && !(await stopThroughApi(apiAddress))) k6.signal("SIGINT");
      const timer = setTimeout(() => k6.signal("SIGKILL"), graceMs);
      try {
        return await done;
      } finally {
        clearTimeout(timer);
      }
    })();
    return stopping;
  };
  return { process: k6, apiAddress, done, stop };
}
