import { describe, expect, it } from "vitest";
import { replicaLagMs, replicationNote, summarizeReplication, type ReplicationSample } from "../../../harness/report/replicationLag";

const T0 = 1_700_000_000_000;
/** A primary writing 10 bytes a ms, and a replica `lagMs` behind it, sampled every 20 ms. */
const samples = (lagMs: number, from = 0, to = 1000): ReplicationSample[] =>
  Array.from({ length: (to - from) / 20 + 1 }, (_, i) => {
    const t = from + i * 20;
    return { t: T0 + t, primary: 10 * t, replica: Math.max(0, 10 * (t - lagMs)) };
  });

describe("replicaLagMs", () => {
  it("reads a steady lag back from the offsets, between samples too", () => {
    expect(replicaLagMs(samples(100), T0 + 500)).toBeCloseTo(100, 5);
    expect(replicaLagMs(samples(100), T0 + 513)).toBeCloseTo(100, 5);
    expect(replicaLagMs(samples(0), T0 + 500)).toBe(0);
  });

  it("says nothing outside the samples, across a gap, or across a restart", () => {
    expect(replicaLagMs(samples(100), T0 - 5)).toBeUndefined();
    expect(replicaLagMs(samples(100), T0 + 2000)).toBeUndefined();
    const gap = [...samples(100, 0, 200), ...samples(100, 600, 800)];
    expect(replicaLagMs(gap, T0 + 400)).toBeUndefined();
    // The primary restarted empty at 410 ms; the replica still holds its old offset until it resyncs.
    const restarted = [...samples(0, 0, 400), ...samples(0, 420, 600).map((s) => ({ ...s, primary: s.primary - 4200, replica: 4000 }))];
    expect(replicaLagMs(restarted, T0 + 430)).toBeUndefined();
    // Resynced, but far enough behind that finding when the primary had its offset would cross the restart.
    const behind = [...samples(0, 0, 400), ...samples(0, 420, 600).map((s) => ({ ...s, primary: s.primary - 4000, replica: Math.max(0, s.primary - 4000 - 5000) }))];
    expect(replicaLagMs(behind, T0 + 590)).toBeUndefined();
  });

  it("stops looking back after 5 s: a replica that far behind is not measured as such", () => {
    expect(replicaLagMs(samples(6000, 0, 8000), T0 + 7000)).toBeUndefined();
  });
});

describe("summarizeReplication", () => {
  it("keeps the median and worst lag and the bytes behind, and says so in one sentence", () => {
    const s = summarizeReplication("redis-replica-1", "redis-primary", 20, samples(100, 0, 1000));
    expect(s).toMatchObject({ replica: "redis-replica-1", primary: "redis-primary", samples: 51, intervalMs: 20, maxBehindBytes: 1000 });
    expect(s.lagMs.p50).toBeCloseTo(100, 0);
    expect(replicationNote(s)).toMatch(/^The replica node redis-replica-1 ran 100 ms behind redis-primary at the median and 100 ms at worst \(at most 1000 bytes/);
    expect(replicationNote(summarizeReplication("r", "p", 20, []))).toMatch(/could not be read/);
  });
});
