import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { consoleMessage, readAnomalies, readSummary } from "../../../harness/k6/readK6Output";
import { projectRoot } from "../../../harness/tools/projectRoot";

// Captured from k6 v2.2.0 running login-loop (3 VUs, 1 s) against two in-process
// sample-app replicas behind a round-robin proxy; user3 was not seeded (login
// failures) and app-2's store failed every 9th lookup (store errors).
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

describe("readAnomalies", () => {
  it("reads every anomaly of a real console file", () => {
    const anomalies = readAnomalies(consoleFixture);
    expect(anomalies).toHaveLength(12);
    const kinds = anomalies.map((a) => a.kind);
    expect(kinds.filter((k) => k === "logout")).toHaveLength(8);
    expect(kinds.filter((k) => k === "login-failure")).toHaveLength(3);
    expect(kinds.filter((k) => k === "store-error")).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      kind: "logout",
      vu: 1,
      iter: 0,
      step: "login-redirect",
      createdBy: "app-1",
      answeredBy: "app-2",
      sessionState: "miss",
      status: 302,
      version: 0,
    });
    expect(anomalies.find((a) => a.kind === "login-failure")).toMatchObject({ status: 401, sessionState: null, version: null });
  });

  it("skips other output, blank and half-written lines", () => {
    const [first] = readAnomalies(consoleFixture);
    const record = JSON.stringify({ level: "info", msg: "ANOMALY " + JSON.stringify(first), time: "2026-01-01T00:00:00Z" });
    const text = [
      JSON.stringify({ level: "warning", msg: "something else", time: "t" }),
      "",
      record,
      record.slice(0, 60),
      "ANOMALY {not json",
    ].join("\n");
    expect(readAnomalies(tempFile("console.log", text))).toEqual([first]);
  });

  it("also reads k6's default logfmt and bare lines", () => {
    const [first] = readAnomalies(consoleFixture);
    const line = "ANOMALY " + JSON.stringify(first);
    const logfmt = `time="2026-01-01T00:00:00Z" level=info msg=${JSON.stringify(line)}`;
    expect(readAnomalies(tempFile("console.log", `${logfmt}\n${line}\n`))).toEqual([first, first]);
  });

  it("reads a missing console file as no anomalies", () => {
    expect(readAnomalies(join(tmpdir(), "no-such-k6-console.log"))).toEqual([]);
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
    expect(summary.rate("session_logouts")).toEqual({ rate: 0.4476744186046512, passes: 77, fails: 95 });
    expect(summary.rate("login_failures")).toEqual({ rate: 0.3582089552238806, passes: 24, fails: 43 });
    expect(summary.rate("session_store_errors")?.passes).toBe(10);
  });

  it("reads counters and time trends", () => {
    expect(summary.counter("flows_completed")?.count).toBe(43);
    const login = summary.trend("flow_login");
    expect(login).toBeDefined();
    expect(Object.keys(login ?? {}).sort()).toEqual(["avg", "max", "med", "min", "p90", "p95", "p99"]);
    expect(login!.min).toBeLessThanOrEqual(login!.med);
    expect(login!.p95).toBeLessThanOrEqual(login!.p99);
    expect(summary.testRunDurationMs).toBeGreaterThan(900);
  });

  it("counts responses per named replica, zero included", () => {
    expect(summary.replicaCounts()).toEqual({ "app-1": 189, "app-2": 189, "app-3": 0 });
  });

  it("lists every threshold and whether it held", () => {
    const failed = summary.thresholds().filter((t) => !t.ok);
    expect(failed.map((t) => `${t.metric}: ${t.threshold}`).sort()).toEqual([
      "login_failures: rate<=0",
      "session_logouts: rate<=0.05",
      "session_store_errors: rate<=0",
    ]);
    expect(summary.thresholds()).toContainEqual({ metric: "replica_responses{replica:app-3}", threshold: "count>=0", ok: true });
    expect(summary.thresholdsPassed).toBe(false);
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
