import { basename } from "node:path";
import { expect } from "vitest";
import { labelledProcesses } from "../../../harness/process/runLabel";
import { type RunResult } from "../../../harness/report/RunResult";
import { type RunRequest } from "../../../harness/run/buildRunConfig";
import { expectRunCleanedUp, runForTest } from "./runForTest";

/** One browser-login-loop run (one Chromium user by default) that must complete and leave nothing running. */
export async function browserRun(req: RunRequest & { app?: string }): Promise<RunResult> {
  const { result, runDir } = await runForTest({ scenario: "browser-login-loop", store: "redis", duration: "5s", vus: 1, httpVus: 0, ...req });
  expect(result.status, result.error).toBe("completed");
  await expectRunCleanedUp(runDir);
  // Chromium is k6's child, not in the ledger: it carries the run's label like every part.
  expect(labelledProcesses().get(basename(runDir)) ?? [], "processes of the run still alive").toEqual([]);
  return result;
}

/** The sample app's cookie faults and what the report must name for each, from the browser's own evidence. */
export const COOKIE_FAULT_ANSWERS: [fault: string, named: string][] = [
  ["lost", "login answered without a session cookie (the login answered 302 without a session cookie)"],
  ["host-only", "browser withheld the session cookie (the cookie set on login.shop.example.test (no Domain) was not sent to shop.example.test)"],
  ["narrow-path", "browser withheld the session cookie (the cookie's Path=/account does not cover /dashboard)"],
  ["samesite-strict", "browser withheld the session cookie (withheld by SameSite=Strict on a cross-site navigation)"],
  ["samesite-none-insecure", "browser refused the session cookie (SameSite=None without Secure)"],
  ["secure-over-http", "browser refused the session cookie (a Secure cookie set over plain http)"],
];

/** A cookie fault's run names it, and nothing else. */
export async function expectCookieFaultNamed(fault: string, named: string): Promise<void> {
  const r = await browserRun({ knobs: { "cookie-fault": fault } });
  expect(r.anomalies.byEvidence?.[named] ?? 0).toBeGreaterThan(0);
  // Every anomaly of the run is the cookie's doing.
  expect(Object.keys(r.anomalies.byCause)).toEqual([named.slice(0, named.indexOf(" ("))]);
  expect(r.verdict).toBe("fail");
}
