import { describe, expect, it } from "vitest";
import { bucketMsFor, TimelineBuilder } from "../../../harness/history/TimelineBuilder";
import { type HistoryOp } from "../../../scenarios/lib/HistoryOp";
import { type Anomaly } from "../../../harness/history/Anomaly";

const op = (t0: number, t1: number): HistoryOp => ({ s: "1:0", vu: 1, iter: 0, op: "view", step: "dashboard#1", t0, t1, status: 200, outcome: "ok", replica: "app-1" });

describe("TimelineBuilder", () => {
  it("counts requests, anomalies and latency per bucket, empty buckets included", () => {
    const t = new TimelineBuilder(10_000, 1000);
    t.addOp(op(10_000, 10_010));
    t.addOp(op(10_100, 10_130));
    t.addOp(op(12_000, 12_050));
    t.addAnomaly({ kind: "logout", t: 12_050 } as Anomaly);
    const r = t.result();
    expect(r.buckets).toEqual([
      { i: 0, requests: 2, anomalies: {}, p50: 10, p95: 30 },
      { i: 1, requests: 0, anomalies: {}, p50: 0, p95: 0 },
      { i: 2, requests: 1, anomalies: { logout: 1 }, p50: 50, p95: 50 },
    ]);
  });

  it("widens the bucket on long runs so the result stays small", () => {
    expect(bucketMsFor(30_000)).toBe(1000);
    expect(bucketMsFor(3_600_000)).toBe(3000);
  });
});
