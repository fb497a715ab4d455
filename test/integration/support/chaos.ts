/**
 * Driving `npm run scenario` with signals at chosen moments, and judging what
 * it ended as. Shared by the chaos tests in `npm test` and `npm run chaos`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type RunResult } from "../../../harness/report/RunResult";
import { leftovers, readLedger, runDirIn, startCli, until, type RunningCli } from "./cli";
import { testReportsDir } from "./runForTest";

export const LOAD = ["login-loop", "--store", "redis", "--vus", "4"];
export const HANG_BOUND_MS = Number(process.env.CHAOS_BOUND_MS ?? 4000);

export type Moment = (cli: RunningCli, reportsDir: string) => boolean;

export const runDir = (reportsDir: string): string => runDirIn(reportsDir) ?? "";
const names = (reportsDir: string): string[] => readLedger(runDir(reportsDir))?.processes.map((p) => p.name) ?? [];
export const has = (reportsDir: string, file: string): boolean => runDirIn(reportsDir) !== undefined && existsSync(join(runDir(reportsDir), file));

/** The moments that went wrong before, as conditions on what the run has written so far. */
export const MOMENTS: Record<string, Moment> = {
  "during start-up": (_c, r) => names(r).some((n) => n.startsWith("app-")) && !names(r).includes("nginx"),
  'right at "cluster ready"': (c) => c.stdout().includes("cluster ready"),
  "during the load": (_c, r) => has(r, "k6-console.log") && readFileSync(join(runDir(r), "k6-console.log"), "utf8").split("\n").length > 200,
  "at k6's end": (_c, r) => has(r, "k6-summary.json"),
  "while the report is written": (_c, r) => has(r, "history.ndjson"),
};

/** The history had requests in it: the load had begun. */
export function loadBegan(reportsDir: string): boolean {
  return has(reportsDir, "k6-console.log") && readFileSync(join(runDir(reportsDir), "k6-console.log"), "utf8").includes('"msg":"OP ');
}

export interface Outcome {
  /** The load had begun when the signal was sent. */
  began: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  sinceSignalMs: number;
  result: RunResult | undefined;
  left: string[];
  /** What the harness printed after the signal, each line stamped with ms since it: where a slow exit spent its time. */
  saidAfter: string;
}

/** Starts a run, sends `signal` once `when` holds, and returns what the run ended as. */
export async function interrupt(args: string[], when: Moment, signal: NodeJS.Signals = "SIGINT"): Promise<Outcome> {
  const reportsDir = testReportsDir();
  const cli = startCli(args, reportsDir);
  let exited = false;
  void cli.done.then(() => (exited = true));
  await until("the moment to signal", () => exited || when(cli, reportsDir), 60_000);
  const began = loadBegan(reportsDir);
  const sentAt = Date.now();
  const after: string[] = [];
  const stamp = (d: Buffer): void => void after.push(...d.toString().trimEnd().split("\n").map((l) => `+${Date.now() - sentAt} ms ${l}`));
  cli.child.stdout?.on("data", stamp);
  cli.child.stderr?.on("data", stamp);
  cli.child.kill(signal);
  const end = await cli.done;
  const dir = runDir(reportsDir);
  const resultPath = join(dir, "result.json");
  const result = existsSync(resultPath) ? (JSON.parse(readFileSync(resultPath, "utf8")) as RunResult) : undefined;
  return { began, code: end.code, signal: end.signal, sinceSignalMs: end.at - sentAt, result, left: dir === "" ? [] : await leftovers(dir), saidAfter: after.join("\n") };
}

/** What every interrupted run must satisfy. */
export function expectHonoured(o: Outcome, boundMs = HANG_BOUND_MS): void {
  expect(o.left, "left behind").toEqual([]);
  expect(o.sinceSignalMs, `ms from signal to exit; after the signal it said:\n${o.saidAfter}`).toBeLessThan(boundMs);
  if (o.result === undefined) {
    // Signalled before any result: either the harness stopped with 130, or the
    // signal came while Node was still loading it, before a handler could
    // exist, and killed it (which a shell and npm report as 130): then nothing
    // had started.
    expect(o.code === 130 || (o.code === null && o.signal !== null), `exit ${o.code} / ${o.signal}`).toBe(true);
    return;
  }
  // The exit code and the report tell the same story.
  expect(o.code === 130, `exit ${o.code} with a report saying ${o.result.status}/${o.result.verdict}`).toBe(o.result.status === "aborted");
  if (o.result.status === "aborted") expect(o.result.verdict).toBe("aborted");
  if (o.began) expect(o.result.metrics.requests, "requests in an interrupted run whose load had begun").toBeGreaterThan(0);
}

