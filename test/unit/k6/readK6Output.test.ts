import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkHistory } from "../../../harness/history/checkHistory";
import { readHistory } from "../../../harness/history/readHistory";
import { consoleMessage, readSummary } from "../../../harness/k6/readK6Output";
import { projectRoot } from "../../../harness/tools/projectRoot";

// Captured from k6 v2.2.0 running login-loop (2 VUs for 1 s, 2 views per login)
// against two sample-app replicas (memory store) behind the harness's nginx.
const fixtures = join(projectRoot(), "test", "fixtures", "k6");
const consoleFixture = join(fixtures, "login-loop-console.log");
const summaryFixture = join(fixtures, "login-loop-summary.json");

const scratch = mkdtempSync(join(tmpdir(), "k6out-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;

function tempFile(name: string, text: string): string {
  const path = join(scratch, `${++files}-${name}`);
  writeFileSync(path, text);
  return path;
}

describe("readHistory on what k6 really wrote", () => {
  const ops = readHistory(consoleFixture);

  it("has one operation for every request k6 counted, and agrees with k6's live rates", () => {
    const summary = readSummary(summaryFixture);
    expect(ops).toHaveLength(summary.counter("http_reqs")?.count ?? -1);
    const verdict = checkHistory(ops);
    const live = summary.rate("session_logouts");
    expect(verdict.logouts).toEqual({ hits: live?.passes, total: (live?.passes ?? 0) + (live?.fails ?? 0) });
    expect(verdict.loginFailures.total).toBe((summary.rate("login_failures")?.fails ?? 0) + (summary.rate("login_failures")?.passes ?? 0));
    expect(verdict.serverErrors).toEqual({ hits: 0, total: ops.length });
  });

  it("names the replica from nginx and the app alike, and every session's steps in order", () => {
    expect(ops.every((o) => o.replica !== null && o.replica === o.appReplica)).toBe(true);
    const first = ops.filter((o) => o.s === "1:0").map((o) => o.step);
    expect(first).toEqual(["login", "login-redirect", "dashboard#1", "dashboard#2", "logout"]);
  });

  it("skips other output, blank and half-written lines", () => {
    const [first] = ops;
    const record = JSON.stringify({ level: "info", msg: "OP " + JSON.stringify(first), time: "2026-01-01T00:00:00Z" });
    const text = [JSON.stringify({ level: "warning", msg: "something else", time: "t" }), "", record, record.slice(0, 60), "OP {not json"].join("\n");
    expect(readHistory(tempFile("console.log", text))).toEqual([first]);
  });

  it("also reads k6's default logfmt and bare lines", () => {
    const [first] = ops;
    const line = "OP " + JSON.stringify(first);
    const logfmt = `time="2026-01-01T00:00:00Z" level=info msg=${JSON.stringify(line)}`;
    expect(readHistory(tempFile("console.log", `${logfmt}\n${line}\n`))).toEqual([first, first]);
  });

  it("reads a missing console file as no history", () => {
    expect(readHistory(join(tmpdir(), "no-such-k6-console.log"))).toEqual([]);
  });
});

describe("consoleMessage", () => {
  it.each([
    ['{"level":"info","msg":"hi","time":"t"}', "hi"],
    ['time="t" level=warning msg=warned', "warned"],
    ['time="t" level=info msg="a \\"quoted\\" word"', 'a "quoted" word'],
    ["{not a record}", "{not a record}"],
    ["plain", "plain"],
    ["   ", undefined],
  ])("%s", (line, message) => expect(consoleMessage(line)).toBe(message));
});

describe("readSummary", () => {
  const summary = readSummary(summaryFixture);

  it("reads rates as anomaly counts over samples", () => {
    expect(summary.rate("session_logouts")).toEqual({ rate: 0.5172413793103449, passes: 45, fails: 42 });
    expect(summary.rate("login_failures")).toEqual({ rate: 0, passes: 0, fails: 29 });
    expect(summary.rate("server_errors")?.fails).toBe(145);
  });

  it("reads counters and time trends", () => {
    expect(summary.counter("flows_completed")?.count).toBe(29);
    const login = summary.trend("flow_login");
    expect(login).toBeDefined();
    expect(Object.keys(login ?? {}).sort()).toEqual(["avg", "max", "med", "min", "p90", "p95", "p99"]);
    expect(login!.min).toBeLessThanOrEqual(login!.med);
    expect(login!.p95).toBeLessThanOrEqual(login!.p99);
    expect(summary.testRunDurationMs).toBeGreaterThan(900);
  });

  it("declares no session thresholds: the gates are the harness's, from the history", () => {
    expect(summary.thresholds()).toEqual([]);
    expect(summary.thresholdsPassed).toBe(true);
  });

  it("says absent for a metric without samples and throws for a wrong type", () => {
    expect(summary.rate("session_stale_reads")).toBeUndefined();
    expect(summary.has("session_logouts")).toBe(true);
    expect(() => summary.trend("session_logouts")).toThrow(/session_logouts is a rate, not a trend/);
  });

  it("names the file it cannot read", () => {
    expect(() => readSummary(tempFile("k6-summary.json", "{"))).toThrow(/cannot read k6 summary .*k6-summary\.json/);
    expect(() => readSummary(tempFile("k6-summary.json", '{"metrics":{}}'))).toThrow(/not a k6 summary/);
  });
});
