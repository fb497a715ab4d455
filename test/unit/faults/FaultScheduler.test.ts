import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type StartedCluster } from "../../../harness/cluster/Cluster";
import { type Fault, type FaultContext, type FaultOutcome, type StopReason } from "../../../harness/faults/Fault";
import { FaultScheduler, type FaultEvent } from "../../../harness/faults/FaultScheduler";
import { type FaultSpec } from "../../../harness/config/FaultSpec";
import { faultSpec } from "../support/faultSpecs";

const T0 = 1_700_000_000_000;
const REPLICAS = ["app-1", "app-2"];

// Only what the scheduler reads: replica names and their store links.
const cluster = {
  toxiproxyUrl: undefined,
  replicas: REPLICAS.map((name) => ({ name, address: "", url: "" })),
  plan: { links: REPLICAS.map((name) => ({ proxy: `redis-${name}`, purpose: "app", from: name, to: "redis" })) },
} as unknown as StartedCluster;

interface Call {
  what: "start" | "stop";
  text: string;
  at: number;
  reason?: StopReason;
  proxies: readonly string[];
}

/** A fault that takes `startMs`/`stopMs` (fake time) and can be told to fail. */
class FakeFault implements Fault {
  constructor(
    private readonly spec: FaultSpec,
    readonly id: string,
    private readonly calls: Call[],
    private readonly behaviour: { startMs?: number; stopMs?: number; failStart?: boolean; failStop?: boolean; stampAtCall?: boolean; endsWhenDone?: boolean },
  ) {}

  async start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    const calledAt = Date.now();
    this.calls.push({ what: "start", text: this.spec.text, at: calledAt, proxies: ctx.proxyNames });
    await Promise.resolve(); // yield, as a real call would
    if (this.behaviour.startMs) await new Promise((r) => setTimeout(r, this.behaviour.startMs));
    if (this.behaviour.failStart) throw new Error("toxiproxy said no\nsecond line");
    if (this.behaviour.endsWhenDone) return { at: calledAt, endedAt: Date.now() };
    return this.behaviour.stampAtCall ? { at: calledAt, detail: "stamped at call" } : undefined;
  }

  async stop(ctx: FaultContext, reason: StopReason): Promise<FaultOutcome | undefined> {
    this.calls.push({ what: "stop", text: this.spec.text, at: Date.now(), reason, proxies: ctx.proxyNames });
    if (this.behaviour.stopMs) await new Promise((r) => setTimeout(r, this.behaviour.stopMs));
    if (this.behaviour.failStop) throw new Error("toxic not removed");
    return undefined;
  }
}

function setup(faults: [string, FakeFault["behaviour"]?][], onEvent?: (e: FaultEvent) => void) {
  const calls: Call[] = [];
  const ids: string[] = [];
  const specs = faults.map(([text]) => faultSpec(text, REPLICAS));
  const scheduler = new FaultScheduler(cluster, specs, {
    onEvent,
    create: (spec, id) => {
      ids.push(id);
      return new FakeFault(spec, id, calls, faults[specs.indexOf(spec)]?.[1] ?? {});
    },
  });
  const events = (): [number, string, string][] => scheduler.timeline.map((e) => [e.offsetMs, e.event, e.kind]);
  return { scheduler, calls, ids, events };
}

describe("FaultScheduler", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it("starts and ends each fault on schedule, stamping when it took effect", async () => {
    const { scheduler, events, calls } = setup([
      ["latency=50ms,target=app-2,at=100ms,for=300ms"],
      ["kill,target=app-1,at=200ms,for=1s", { startMs: 20, stopMs: 400 }],
      ["restart-redis,at=500ms", { startMs: 80, stampAtCall: true }],
    ]);
    scheduler.begin();
    await vi.advanceTimersByTimeAsync(2000);
    expect(events()).toEqual([
      [100, "start", "latency"],
      [220, "start", "kill"],
      [400, "end", "latency"],
      // Stamped at the call (the SIGKILL), recorded 80 ms later, kept in time order.
      [500, "start", "restart-redis"],
      [1600, "end", "kill"],
    ]);
    expect(calls.filter((c) => c.what === "stop").map((c) => c.reason)).toEqual(["window-end", "window-end"]);
    expect(calls.find((c) => c.text.startsWith("latency"))?.proxies).toEqual(["redis-app-2"]);
    // What each did to the sessions is on its start, from its schema: attribution reads that.
    expect(scheduler.timeline.map((e) => [e.event, e.kind, e.effect ?? null])).toEqual([
      ["start", "latency", null],
      ["start", "kill", "wipes-node"],
      ["end", "latency", null],
      ["start", "restart-redis", "wipes-store"],
      ["end", "kill", null],
    ]);
    await scheduler.finish();
    expect(calls.filter((c) => c.what === "stop")).toHaveLength(2);
  });

  it("an event that took a while (a replica restart) gets an end when it was over, so its window is that long", async () => {
    const { scheduler, events } = setup([["restart,target=app-2,at=100ms", { startMs: 350, endsWhenDone: true }]]);
    scheduler.begin();
    await vi.advanceTimersByTimeAsync(1000);
    expect(events()).toEqual([
      [100, "start", "restart"],
      [450, "end", "restart"],
    ]);
    expect(scheduler.timeline[0]?.effect).toBe("wipes-node");
    await scheduler.finish();
    expect(scheduler.timeline).toHaveLength(2);
  });

  it("gives target=all every replica's link and each fault its own id", () => {
    const { ids, scheduler } = setup([["down"], ["latency=5ms"]]);
    expect(new Set(ids).size).toBe(2);
    expect(ids[0]).toMatch(/^f1-[0-9a-f]{6}$/);
    scheduler.begin();
    return vi.advanceTimersByTimeAsync(1).then(() => scheduler.finish());
  });

  it("never lets an end overtake a slow start", async () => {
    const { scheduler, events } = setup([["kill,target=app-1,at=0,for=100ms", { startMs: 500 }]]);
    scheduler.begin();
    await vi.advanceTimersByTimeAsync(1000);
    expect(events()).toEqual([
      [500, "start", "kill"],
      [500, "end", "kill"],
    ]);
  });

  it("schedules from the load's start when begun late", async () => {
    const { scheduler, events } = setup([["latency=5ms,at=1s,for=1s"], ["down,at=100ms,for=5s"]]);
    scheduler.begin(T0 - 300); // the load started 300 ms ago
    await vi.advanceTimersByTimeAsync(2000);
    expect(events()).toEqual([
      [300, "start", "down"], // overdue: started at once
      [1000, "start", "latency"],
      [2000, "end", "latency"],
    ]);
  });

  it("finish cancels what has not started, waits for starts in flight, stops the rest once", async () => {
    const { scheduler, events, calls } = setup([
      ["latency=5ms,at=0"],
      ["kill,target=app-1,at=100ms,for=10s", { startMs: 300 }],
      ["down,at=10s"],
      ["restart-redis,at=50ms", { startMs: 200 }],
    ]);
    scheduler.begin();
    await vi.advanceTimersByTimeAsync(150); // kill and restart are mid-start
    const finished = scheduler.finish();
    expect(scheduler.finish()).toBe(finished);
    await vi.advanceTimersByTimeAsync(20_000);
    await finished;
    await scheduler.finish();
    expect(events()).toEqual([
      [0, "start", "latency"],
      [150, "end", "latency"],
      [250, "start", "restart-redis"],
      [400, "start", "kill"],
      [400, "end", "kill"],
    ]);
    expect(calls.filter((c) => c.what === "stop").map((c) => [c.text.split(",")[0], c.reason])).toEqual([
      ["latency=5ms", "run-end"],
      ["kill", "run-end"],
    ]);
    expect(calls.some((c) => c.text.startsWith("down"))).toBe(false);
  });

  it("records failures as error events, undoes a failed start, and never throws", async () => {
    const seen: string[] = [];
    const { scheduler, events, calls } = setup(
      [["latency=5ms,at=10ms,for=100ms", { failStart: true }], ["down,at=20ms", { failStop: true }]],
      (e) => {
        seen.push(e.event);
        throw new Error("a logger that breaks");
      },
    );
    scheduler.begin();
    await vi.advanceTimersByTimeAsync(500);
    await expect(scheduler.finish()).resolves.toBeUndefined();
    expect(events()).toEqual([
      [10, "error", "latency"],
      [20, "start", "down"],
      [500, "error", "down"],
    ]);
    expect(scheduler.timeline[0]?.detail).toBe("start failed: toxiproxy said no");
    expect(scheduler.timeline[2]?.detail).toBe("stop failed: toxic not removed");
    // The failed start was undone at once, and not again at its window's end or at finish.
    expect(calls.filter((c) => c.what === "stop" && c.text.startsWith("latency")).map((c) => c.at - T0)).toEqual([10]);
    expect(seen).toEqual(["error", "start", "error"]);
  });

  it("refuses to begin twice and finishes cleanly when never begun", async () => {
    const { scheduler, calls } = setup([["latency=5ms"]]);
    await scheduler.finish();
    expect(calls).toEqual([]);
    const other = setup([["latency=5ms"]]).scheduler;
    other.begin();
    expect(() => other.begin()).toThrow(/twice/);
    await other.finish();
  });
});
