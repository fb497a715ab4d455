/**
 * Pins result.json's format (autocannon's habit): the k6 summary and console
 * output under test/fixtures/k6/ (as k6 v2.2.0 really wrote them, history
 * lines included) aggregate to exactly test/fixtures/result/login-loop.result.json,
 * and report.md renders from that file alone. A change to either is a format change: bump
 * RESULT_VERSION if a reader could trip on it, then regenerate with
 * `UPDATE_FIXTURES=1 npx vitest run test/unit/report/resultFormat.test.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_LOAD } from "../../../harness/config/RunConfig";
import { checkHistory } from "../../../harness/history/checkHistory";
import { crossCheck } from "../../../harness/history/crossChecks";
import { readHistory } from "../../../harness/history/readHistory";
import { readSummary } from "../../../harness/k6/readK6Output";
import { aggregate, type AggregateInput } from "../../../harness/report/aggregate";
import { readResult } from "../../../harness/report/readResult";
import { renderMarkdown } from "../../../harness/report/renderMarkdown";
import { TimelineBuilder } from "../../../harness/history/TimelineBuilder";
import { type HistoryOp } from "../../../scenarios/lib/HistoryOp";
import { DEFAULT_GATES } from "../../../harness/config/GateSpec";
import { projectRoot } from "../../../harness/tools/projectRoot";

const fixtures = join(projectRoot(), "test", "fixtures");
const resultPath = join(fixtures, "result", "login-loop.result.json");

function timelineOf(ops: readonly HistoryOp[]) {
  const t = new TimelineBuilder(Math.min(...ops.map((o) => o.t0)), 1000);
  for (const o of ops) t.addOp(o);
  for (const a of checkHistory(ops).anomalies) t.addAnomaly(a);
  return t.result();
}

function aggregateFixture(over: Partial<AggregateInput> = {}) {
  const ops = readHistory(join(fixtures, "k6", "login-loop-console.log"));
  const history = checkHistory(ops);
  return aggregate({
    runId: "20261122-000000-login-loop-sample-memory-2x-0000",
    config: {
      scenario: "login-loop",
      cluster: { backend: "process", app: "sample", replicas: 2, lb: "round-robin", store: "memory", knobs: { commit: "before-redirect", locking: "off" } },
      load: { ...DEFAULT_LOAD, vus: 2, duration: "1s", durationMs: 1000, views: 2 },
      faults: [],
      gates: [...DEFAULT_GATES],
      gatesFrom: "default",
    },
    app: {
      name: "sample",
      source: "sample",
      description: "The harness's own sample app.",
      store: { name: "memory", description: "a Map in each replica's process", service: "none", shared: false },
      knobs: {
        commit: { value: "before-redirect", description: "written before the first byte of the response", opensRace: false },
        locking: { value: "off", description: "a per-session Redis lock around every cart write", opensRace: false },
      },
      capabilities: ["replicaHeader", "sessionStateHeader", "sessionVersionHeader", "metrics"],
    },
    cluster: {
      backend: "process",
      entryUrl: "http://127.0.0.1:40000",
      parts: [
        { name: "app-1", role: "replica", address: "127.0.0.1:40001", pid: 101, log: "logs/app-1.log" },
        { name: "app-2", role: "replica", address: "127.0.0.1:40002", pid: 102, log: "logs/app-2.log" },
        { name: "nginx", role: "balancer", address: "127.0.0.1:40000", pid: 103, log: "logs/nginx.log" },
      ],
    },
    startedAt: new Date("2026-11-22T00:00:00.000Z"),
    finishedAt: new Date("2026-11-22T00:00:02.000Z"),
    status: "completed",
    summary: readSummary(join(fixtures, "k6", "login-loop-summary.json")),
    history,
    crossChecks: crossCheck(ops, history.anomalies),
    k6ExitCode: 0,
    appMetrics: { lookups: 10 },
    timeline: timelineOf(ops),
    ...over,
  });
}

describe("result.json format", () => {
  it("aggregates the k6 fixtures to the pinned result", () => {
    const result = aggregateFixture();
    if (process.env.UPDATE_FIXTURES) writeFileSync(resultPath, JSON.stringify(result, null, 2) + "\n");
    expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(readFileSync(resultPath, "utf8")));
  });

  it("renders report.md from result.json alone", async () => {
    const result = readResult(readFileSync(resultPath, "utf8"));
    await expect(renderMarkdown(result)).toMatchFileSnapshot(join(fixtures, "result", "login-loop.report.md"));
  });

  it("a store read on a replica node: no predicted rate, the replica's lag in the notes and in result.json", () => {
    const base = aggregateFixture();
    const replication = { replica: "redis-replica-1", primary: "redis-primary", samples: 50, intervalMs: 20, lagMs: { p50: 98, max: 130 }, maxBehindBytes: 4000 };
    const app = { ...base.app, store: { name: "redis-replica", description: "d", service: "redis-replica", shared: true, replicaReads: true as const } };
    const result = aggregateFixture({ app, replication });
    expect(result.replication).toEqual(replication);
    expect(result.notes).toContain("The replica node redis-replica-1 ran 98 ms behind redis-primary at the median and 130 ms at worst (at most 4000 bytes of the replication stream), from their replication offsets read every 20 ms (50 samples).");
    expect(result.notes.some((n) => n.includes("the app looks sessions up on a replica node"))).toBe(true);
    // The same run on per-process sessions predicts its rate; on replica reads nothing can.
    expect(base.notes.some((n) => /; expected /.test(n))).toBe(true);
    expect(result.notes.some((n) => /; expected /.test(n))).toBe(false);
  });

  it("refuses a result of another schema or version", () => {
    expect(() => readResult(JSON.stringify({ schema: "other" }))).toThrow(/not a session-harness result/);
    expect(() => readResult(JSON.stringify({ schema: "session-harness/result", version: 99 }))).toThrow(/version 99 is not supported/);
    expect(() => readResult(JSON.stringify({ schema: "session-harness/result", version: 1 }))).toThrow(/version 1 was written before the history checker/);
    const damaged = JSON.parse(readFileSync(resultPath, "utf8")) as Record<string, unknown>;
    delete damaged.gates;
    expect(() => readResult(JSON.stringify(damaged))).toThrow(/^gates is missing/);
  });
});

describe("report.html", () => {
  it("is a standalone page with the markdown report's content", async () => {
    const { renderHtml } = await import("../../../harness/report/renderHtml");
    const html = renderHtml(readResult(readFileSync(resultPath, "utf8")));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h1 class="fail">login-loop: FAIL: a gate failed</h1>');
    expect(html).toContain("<th>metric</th>");
    // Self-contained: the charting library is inlined, nothing is fetched.
    expect(html).not.toMatch(/<link|<script[^>]+src=|<img[^>]+src=/);
    expect(html).toContain('<div class="chart" id="rate-chart"');
    expect(html).toContain("Chart.js");
  });
});
