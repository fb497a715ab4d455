import { describe, expect, it } from "vitest";
import { K6Summary } from "../../../harness/k6/K6Summary";
import { type RawMetric, type RawSummary } from "../../../harness/k6/k6SummaryTypes";

function summary(metrics: Record<string, RawMetric>, trendStats = ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"]): K6Summary {
  const raw: RawSummary = {
    root_group: {},
    options: { summaryTrendStats: trendStats, summaryTimeUnit: "", noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 1000 },
    metrics,
  };
  return new K6Summary(raw);
}

const counter = (count: number): RawMetric => ({ type: "counter", contains: "default", values: { count, rate: count } });

describe("K6Summary", () => {
  it("takes tag counts from single-tag submetrics only", () => {
    const s = summary({
      replica_responses: counter(10),
      "replica_responses{replica:app-1}": counter(6),
      "replica_responses{replica:app-2}": counter(4),
      "replica_responses{replica:app-1,status:200}": counter(5),
      "http_reqs{replica:app-9}": counter(1),
    });
    expect(s.tagCounts("replica_responses", "replica")).toEqual({ "app-1": 6, "app-2": 4 });
    expect(s.tagCounts("http_reqs", "replica")).toEqual({ "app-9": 1 });
  });

  it("names the trend stat a run did not compute", () => {
    const s = summary({ flow_login: { type: "trend", contains: "time", values: { avg: 1, min: 1, med: 1, max: 1 } } }, ["avg", "min", "med", "max"]);
    expect(() => s.trend("flow_login")).toThrow(/flow_login has no p\(90\) \(summaryTrendStats: avg, min, med, max\)/);
  });

  it("passes a run without thresholds", () => {
    expect(summary({ http_reqs: counter(1) }).thresholdsPassed).toBe(true);
  });
});
