import { describe, expect, it } from "vitest";
import { type AttributableAnomaly, causeOf, type FaultWindow } from "../../../harness/report/attributeAnomalies";
import { faultWindows } from "../../../harness/report/faultWindows";
import { summarizeAnomalies } from "../../../harness/report/summarizeAnomalies";

const latency: FaultWindow = { label: "latency 50 ms on app-2's Redis link", kind: "latency", target: "app-2", start: 1000, end: 2000 };
const redisRestart: FaultWindow = { label: "Redis restarted", kind: "restart-redis", target: "redis", start: 3000, end: Infinity };
const kill: FaultWindow = { label: "app-1 killed", kind: "kill", target: "app-1", start: 5000, end: 6000 };

const a = (fields: Partial<AttributableAnomaly>): AttributableAnomaly => ({ kind: "logout", t: 100, ...fields });

describe("causeOf", () => {
  it.each([
    ["memory, read on another replica", a({ createdBy: "app-1", answeredBy: "app-2", sessionState: "miss" }), "memory", "cross-replica miss"],
    ["memory, same replica after it was killed", a({ createdBy: "app-1", answeredBy: "app-1", t: 5500 }), "memory", "replica restart lost its sessions"],
    ["redis, miss after a restart", a({ createdBy: "app-1", answeredBy: "app-2", t: 3500 }), "redis", "store restart lost the session"],
    ["redis, miss right after login", a({ createdBy: "app-1", answeredBy: "app-2", t: 1500 }), "redis", "read before write landed"],
    [
      "redis, stale older version",
      a({ kind: "stale-read", staleKind: "older-version", writtenBy: "app-2", readBy: "app-3", sessionState: "hit" }),
      "redis",
      "read before write landed",
    ],
    ["lost update", a({ kind: "lost-update" }), "redis", "lost update"],
    ["503", a({ kind: "store-error" }), "redis", "store error"],
    ["non-monotonic", a({ kind: "non-monotonic" }), "redis", "non-monotonic read"],
  ] as const)("%s → %s", (_name, anomaly, store, cause) => {
    expect(causeOf(anomaly, { store, faults: [latency, redisRestart, kill] })).toBe(cause);
  });

  it("blames expiry when the session outlived the idle TTL", () => {
    expect(causeOf(a({ sinceLoginMs: 61_000, sessionState: "miss" }), { store: "redis", idleTtlMs: 60_000, faults: [] })).toBe("expiry");
  });
});

describe("summarizeAnomalies", () => {
  it("groups by kind, cause, replica pair and fault window, and says it in a sentence", () => {
    const stale = (t: number, readBy: string): AttributableAnomaly =>
      a({ kind: "stale-read", staleKind: "older-version", writtenBy: "app-2", readBy, t, sessionState: "hit" });
    const anomalies = [stale(1100, "app-1"), stale(1200, "app-3"), stale(1300, "app-1"), stale(2500, "app-2")];
    const s = summarizeAnomalies(anomalies, { store: "redis", faults: [latency] });
    expect(s.total).toBe(4);
    expect(s.byKind).toEqual({ "stale-read": 4 });
    expect(s.byCause).toEqual({ "read before write landed": 4 });
    expect(s.byFaultWindow).toEqual([
      { window: latency.label, count: 3, byKind: { "stale-read": 3 } },
      { window: "no fault active", count: 1, byKind: { "stale-read": 1 } },
    ]);
    expect(s.byReplicaPair[0]).toEqual({ kind: "stale-read", source: "app-2", reader: "app-1", count: 2 });
    expect(s.explanations).toEqual([
      `4 stale reads; 100.0% attributed to read before write landed; 75.0% while ${latency.label}; 75.0% read on a replica other than the writer.`,
    ]);
  });

  it("says nothing about fault windows when no fault was injected", () => {
    const s = summarizeAnomalies([a({ createdBy: "app-1", answeredBy: "app-2" })], { store: "memory", faults: [] });
    expect(s.explanations).toEqual(["1 logout; 100.0% attributed to cross-replica miss; 100.0% read on a replica other than the writer."]);
  });
});

describe("faultWindows", () => {
  it("pairs starts with ends and leaves an unfinished fault open to the run's end", () => {
    const windows = faultWindows(
      [
        { t: 2000, event: "end", fault: "L", kind: "latency", target: "all" },
        { t: 1000, event: "start", fault: "L", kind: "latency", target: "all" },
        { t: 3000, event: "start", fault: "R", kind: "restart-redis", target: "redis" },
      ],
      9000,
    );
    expect(windows).toEqual([
      { label: "L", kind: "latency", target: "all", start: 1000, end: 2000 },
      { label: "R", kind: "restart-redis", target: "redis", start: 3000, end: 9000 },
    ]);
  });
});
