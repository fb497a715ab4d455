import { describe, expect, it } from "vitest";
import { attribute, type AttributableAnomaly, causeOf, type FaultWindow } from "../../../harness/report/attributeAnomalies";
import { faultWindows } from "../../../harness/report/faultWindows";
import { AnomalySummarizer, summarizeAnomalies } from "../../../harness/report/summarizeAnomalies";

const latency: FaultWindow = { label: "latency 50 ms on app-2's Redis link", kind: "latency", target: "app-2", start: 1000, end: 2000 };
const redisRestart: FaultWindow = { label: "Redis restarted", kind: "restart-redis", target: "all", start: 3000, end: Infinity };
const kill: FaultWindow = { label: "app-1 killed", kind: "kill", target: "app-1", start: 5000, end: 6000 };
const faults = [latency, redisRestart, kill];

const a = (fields: Partial<AttributableAnomaly>): AttributableAnomaly => ({
  kind: "logout",
  t: 100,
  status: 302,
  createdBy: null,
  readBy: null,
  writtenBy: null,
  staleKind: null,
  cameBack: null,
  state: null,
  ...fields,
});
const perNode = { storeShared: false, faults };
const shared = { storeShared: true, faults };

describe("attribute", () => {
  it.each([
    ["per-node store, read on another replica", a({ createdBy: "app-1", readBy: "app-2" }), perNode, "cross-replica miss"],
    ["per-node store, same replica after it was killed", a({ createdBy: "app-1", readBy: "app-1", t: 5500 }), perNode, "replica restart lost its sessions"],
    ["shared store, gone after a restart", a({ createdBy: "app-1", readBy: "app-2", t: 3500, cameBack: false }), shared, "store restart lost the session"],
    ["shared store, back later: the login's write was late", a({ createdBy: "app-1", readBy: "app-2", t: 1500, cameBack: true }), shared, "read before write landed"],
    ["stale older version", a({ kind: "stale-read", staleKind: "older-version", writtenBy: "app-2", readBy: "app-3" }), shared, "read before write landed"],
    ["stale, session missing on a per-node store", a({ kind: "stale-read", staleKind: "session-missing", writtenBy: "app-2", readBy: "app-3" }), perNode, "cross-replica miss"],
    ["lost update", a({ kind: "lost-update" }), shared, "lost update (last writer won)"],
    ["non-monotonic", a({ kind: "non-monotonic" }), shared, "non-monotonic read"],
    ["another session's token", a({ kind: "foreign-data" }), shared, "another session's data"],
    ["503 with the app's state header saying error", a({ kind: "server-error", status: 503, state: "error", readBy: "app-1" }), shared, "store error"],
    ["502 from nginx", a({ kind: "server-error", status: 502, readBy: "app-1" }), shared, "replica unreachable"],
    ["500 from an app without a state header", a({ kind: "server-error", status: 500, readBy: "app-1" }), shared, "server error"],
    ["login answered 500", a({ kind: "login-failure", status: 500 }), shared, "login failed: server error"],
    ["login redirected without a cookie", a({ kind: "login-failure", status: 302, cookie: false }), shared, "login answered without a session cookie"],
    ["login answered 401", a({ kind: "login-failure", status: 401, cookie: false }), shared, "login answered unexpectedly"],
  ] as const)("%s → %s", (_name, anomaly, ctx, cause) => {
    expect(causeOf(anomaly, ctx)).toBe(cause);
  });

  it("reads what a fault did, not its name: a wipe recorded on any fault's event", () => {
    const wipe: FaultWindow = { label: "memcached-1 restarted", kind: "restart-node", target: "all", start: 3000, end: Infinity, effect: "wipes-store" };
    const keptData: FaultWindow = { ...redisRestart, effect: undefined, kind: "some-future-fault" };
    const gone = a({ createdBy: "app-1", readBy: "app-2", t: 3500, cameBack: false });
    expect(causeOf(gone, { storeShared: true, faults: [wipe] })).toBe("store restart lost the session");
    expect(causeOf(gone, { storeShared: true, faults: [keptData] })).toBe("unknown");
    const nodeWipe: FaultWindow = { ...kill, kind: "rolling-restart", effect: "wipes-node" };
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-1", t: 5500 }), { storeShared: false, faults: [nodeWipe] })).toBe("replica restart lost its sessions");
  });

  it("a store node's wipe explains sessions made before it, never those made after", () => {
    const nodeWipe: FaultWindow = { label: "store node memcached-1 killed (SIGKILL) and restarted", kind: "restart-node", target: "memcached-1", start: 3000, end: 3100, effect: "wipes-store-node" };
    const ctx = { storeShared: true, faults: [nodeWipe] };
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 3500, sinceLoginMs: 1500, cameBack: false }), ctx)).toBe("store node restart lost the session");
    // Made after the node answered again: on a node that was already empty, so not its loss.
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 3500, sinceLoginMs: 300, cameBack: false }), ctx)).toBe("unknown");
    // Made between the SIGKILL and the node's answer: it may have been written before the node died.
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 3500, sinceLoginMs: 450, cameBack: false }), ctx)).toBe("store node restart lost the session");
    // Before the wipe, and seen again later: late, not lost.
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 3500, sinceLoginMs: 1500, cameBack: true }), ctx)).toBe("read before write landed");
    // No wipe yet at the time of the read.
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 2500, sinceLoginMs: 1500, cameBack: false }), ctx)).toBe("unknown");
  });

  it("a changed server list explains misses after it, found again or not, and nothing before it", () => {
    const relist: FaultWindow = { label: "memcached-2 removed from the server list", kind: "remove-node", target: "memcached-2", start: 3000, end: 3000, effect: "rehashes" };
    const ctx = { storeShared: true, faults: [relist] };
    const cause = "server list changed: looked up on another node";
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 3500, sinceLoginMs: 1500, cameBack: true }), ctx)).toBe(cause);
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 3500, sinceLoginMs: 1500, cameBack: false }), ctx)).toBe(cause);
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 2500, sinceLoginMs: 1500, cameBack: true }), ctx)).toBe("read before write landed");
  });

  it("a failover explains what was written to the old primary in its window, or just before it died, and nothing older or later", () => {
    const failover: FaultWindow = { label: "failover: the primary cut off from the sentinels and its replicas, for 6 s", kind: "failover", target: "all", start: 4000, end: 20_000, effect: "fails-over" };
    const ctx = { storeShared: true, faults: [failover] };
    const cause = "failover lost the write";
    // Logged in while the old primary was cut off, missing once it rejoined.
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 20_100, sinceLoginMs: 5000, cameBack: false }), ctx)).toBe(cause);
    // A login that began before the rejoin and was answered after it: its write may have gone to the old primary.
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 20_600, sinceLoginMs: 300, sourceTookMs: 450, cameBack: false }), ctx)).toBe(cause);
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 20_600, sinceLoginMs: 300, sourceTookMs: 50, cameBack: false }), ctx)).toBe("unknown");
    // Just before the primary was lost: it may not have been passed on.
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 20_100, sinceLoginMs: 16_500, cameBack: false }), ctx)).toBe(cause);
    // Long before: replicated long ago, so not the failover's loss.
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 20_100, sinceLoginMs: 18_000, cameBack: false }), ctx)).toBe("unknown");
    // Seen again later: late, not lost.
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", t: 20_100, sinceLoginMs: 5000, cameBack: true }), ctx)).toBe("read before write landed");
    // An older value after the rejoin, the write made in the window.
    expect(causeOf(a({ kind: "stale-read", staleKind: "older-version", writtenBy: "app-2", readBy: "app-3", t: 20_100, sinceWriteMs: 3000 }), ctx)).toBe(cause);
  });

  describe("reads on a replica node", () => {
    const lag: FaultWindow = { label: "replication lag 100 ms", kind: "replication-lag", target: "all", start: 1000, end: 2000, effect: "stale-reads" };
    /** Offsets of a primary writing 10 bytes a ms and a replica `lagMs` behind, every 20 ms over [0, 4000). */
    const offsets = (lagMs: number) => Array.from({ length: 200 }, (_, i) => ({ t: i * 20, primary: 200 * i, replica: Math.max(0, 200 * i - 10 * lagMs) }));
    /** One replica node every app replica reads from. */
    const evidence = (samples: ReturnType<typeof offsets>) => ({ samples: new Map([["redis-replica-1", samples]]), readNodes: { "app-1": "redis-replica-1", "app-2": "redis-replica-1", "app-3": "redis-replica-1" } });
    const replicaReads = (faults: FaultWindow[], replication?: ReturnType<typeof offsets>) => ({ storeShared: true, faults, replicaReads: true, ...(replication ? { replication: evidence(replication) } : {}) });
    const missAt = (t: number, sinceLoginMs: number, cameBack = true) => a({ createdBy: "app-1", readBy: "app-2", t, sinceLoginMs, cameBack });

    it.each([
      ["the offsets show it further behind than the write was old", missAt(1500, 30), replicaReads([], offsets(100)), "read from a lagging replica"],
      ["the same, for a session that never came back (every view inside the lag)", missAt(1500, 30, false), replicaReads([lag], offsets(100)), "read from a lagging replica"],
      ["an older version read on it", a({ kind: "stale-read", staleKind: "older-version", writtenBy: "app-1", readBy: "app-3", t: 1500, sinceWriteMs: 5 }), replicaReads([lag], offsets(100)), "read from a lagging replica"],
      ["about as far behind as the write was old, while lag was injected", missAt(1500, 120), replicaReads([lag], offsets(100)), "read from a lagging replica"],
      ["not measured, while lag was injected", missAt(1500, 30), replicaReads([lag]), "read from a lagging replica"],
      ["the offsets show it had caught up: the other rules decide", missAt(1500, 300), replicaReads([lag], offsets(100)), "read before write landed"],
      ["a store restart still explains a session gone for good", missAt(3500, 30, false), replicaReads([{ ...redisRestart, effect: "wipes-store" }], offsets(100)), "store restart lost the session"],
    ] as const)("%s", (_name, anomaly, ctx, cause) => {
      expect(causeOf(anomaly, ctx)).toBe(cause);
    });

    it("says unknown, and why, where the evidence does not decide", () => {
      expect(attribute(missAt(1500, 30), replicaReads([])).why).toMatch(/no lag was measured or injected/);
      expect(attribute(missAt(500, 110), replicaReads([], offsets(100))).why).toMatch(/about as far behind the primary as the write was old/);
    });

    it("an app that reads from the primary is not blamed on the replica's lag", () => {
      expect(causeOf(missAt(1500, 30), { storeShared: true, faults: [lag], replication: evidence(offsets(100)) })).toBe("read before write landed");
    });

    it("with several replica nodes, judges a read by the lag of the node its replica reads from", () => {
      const two = { samples: new Map([["redis-replica-1", offsets(0)], ["redis-replica-2", offsets(100)]]), readNodes: { "app-1": "redis-replica-1", "app-2": "redis-replica-2" } };
      const ctx = { storeShared: true, faults: [], replicaReads: true, replication: two };
      expect(causeOf(a({ createdBy: "app-3", readBy: "app-2", t: 1500, sinceLoginMs: 60, cameBack: true }), ctx)).toBe("read from a lagging replica");
      // The same write's age on a node that had caught up: not that node's lag.
      expect(causeOf(a({ createdBy: "app-3", readBy: "app-1", t: 1500, sinceLoginMs: 60, cameBack: true }), ctx)).toBe("read before write landed");
      // No replica named for the answer: no node's offsets apply, so the lag is not measured for it.
      expect(attribute(a({ createdBy: "app-3", readBy: null, t: 1500, sinceLoginMs: 30, cameBack: true }), ctx).why).toMatch(/no lag was measured or injected/);
    });
  });

  it("says unknown, and why, instead of guessing", () => {
    expect(attribute(a({ createdBy: "app-1", readBy: "app-1", cameBack: false }), { storeShared: true, faults: [] })).toEqual({
      cause: "unknown",
      why: "the session never came back, and no restart or kill explains it",
    });
    // Created on one replica, missing on another, with a shared store: what could do that, said as such.
    expect(attribute(a({ createdBy: "app-1", readBy: "app-2", cameBack: false }), { storeShared: true, faults: [] }).why).toMatch(
      /^the session was read on a replica other than the one that created it, with a store every replica shares.*each sign cookies with their own secret/,
    );
    // The app's own word decides: it refused the cookie's signature.
    expect(causeOf(a({ createdBy: "app-1", readBy: "app-2", cameBack: false, state: "forged" }), { storeShared: true, faults: [] })).toBe("cookie signed with another secret");
    expect(attribute(a({ createdBy: "app-1", readBy: "app-1" }), { storeShared: false, faults: [] }).why).toMatch(/same replica/);
    expect(attribute(a({ createdBy: "app-1", readBy: null }), { storeShared: true, faults: [] }).why).toMatch(/no replica is named/);
  });
});

describe("summarizeAnomalies", () => {
  const stale = (t: number, readBy: string): AttributableAnomaly => a({ kind: "stale-read", staleKind: "older-version", writtenBy: "app-2", readBy, t });

  it("groups by kind, cause, replica pair and fault window, and says it in a sentence", () => {
    const s = summarizeAnomalies([stale(1100, "app-1"), stale(1200, "app-3"), stale(1300, "app-1"), stale(2500, "app-2")], { storeShared: true, faults: [latency] });
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

  it("counts what follows a wipe after it, and nothing after a fault that only delayed", () => {
    const wipe: FaultWindow = { label: "store node memcached-1 killed (SIGKILL) and restarted", kind: "restart-node", target: "memcached-1", start: 3000, end: 3040, effect: "wipes-store-node" };
    const gone = (t: number) => a({ createdBy: "app-1", readBy: "app-2", t, sinceLoginMs: 2000, cameBack: false });
    const s = summarizeAnomalies([gone(3020), gone(3500), gone(4000), stale(2500, "app-1")], { storeShared: true, faults: [latency, wipe] });
    expect(s.byFaultWindow).toEqual([
      { window: `after ${wipe.label}`, count: 2, byKind: { logout: 2 } },
      { window: "no fault active", count: 1, byKind: { "stale-read": 1 } },
      { window: wipe.label, count: 1, byKind: { logout: 1 } },
    ]);
    expect(s.explanations[0]).toBe(`3 logouts; 100.0% attributed to store node restart lost the session; 66.7% after ${wipe.label}; 100.0% read on a replica other than the writer.`);
  });

  it("names what is missing when the cause is unknown", () => {
    const s = summarizeAnomalies([a({ createdBy: "app-1", readBy: "app-1", cameBack: false })], { storeShared: true, faults: [] });
    expect(s.explanations).toEqual(["1 logout; 100.0% attributed to unknown (the session never came back, and no restart or kill explains it); 0.0% read on a replica other than the writer."]);
  });

  it("counts the same whatever the order anomalies arrive in (they stream in by session)", () => {
    const list = [stale(1100, "app-1"), a({ kind: "lost-update", t: 900 }), stale(2500, "app-2"), a({ createdBy: "app-1", readBy: "app-3", t: 1500 })];
    const forward = new AnomalySummarizer({ storeShared: true, faults: [latency] });
    const backward = new AnomalySummarizer({ storeShared: true, faults: [latency] });
    for (const x of list) forward.add(x);
    for (const x of [...list].reverse()) backward.add(x);
    expect(forward.summary()).toEqual(backward.summary());
  });
});

describe("faultWindows", () => {
  it("pairs each start with its end and keeps an unfinished fault open to the run's end", () => {
    const ev = (t: number, event: "start" | "end" | "died", fault: string, kind = "latency") => ({ t, event, fault, kind, target: "all" });
    const windows = faultWindows([ev(10, "start", "L"), ev(20, "end", "L"), ev(30, "start", "R", "restart-redis"), ev(35, "died", "nginx died", "part-exit")], 100);
    expect(windows).toEqual([
      { label: "L", kind: "latency", target: "all", start: 10, end: 20 },
      { label: "R", kind: "restart-redis", target: "all", start: 30, end: 100 },
    ]);
  });
});
