import { describe, expect, it } from "vitest";
import { activeFaultsAt, type FaultEvent } from "../../../harness/faults/FaultEvent";

const T0 = 1_700_000_000_000;
const ev = (offsetMs: number, event: FaultEvent["event"], fault: string): FaultEvent => ({
  t: T0 + offsetMs,
  offsetMs,
  event,
  fault,
  kind: fault.split(" ")[0] ?? "",
  target: "all",
});

describe("activeFaultsAt", () => {
  const timeline = [
    ev(0, "start", "latency A"),
    ev(200, "start", "kill app-1"),
    ev(500, "start", "restart-redis"),
    ev(1000, "end", "latency A"),
    ev(1200, "end", "kill app-1"),
    ev(1500, "error", "down all"),
    ev(3000, "start", "timeout B"),
  ];

  it.each([
    [-1, []],
    [0, ["latency A"]],
    [199, ["latency A"]],
    [200, ["latency A", "kill app-1"]],
    [600, ["latency A", "kill app-1", "restart-redis"]],
    // A window includes its end: an anomaly seen at that very ms still belongs to it.
    [1000, ["latency A", "kill app-1", "restart-redis"]],
    [1001, ["kill app-1", "restart-redis"]],
    [1201, ["restart-redis"]],
    // No end event: active until the run ends; a failed start is never active.
    [2000, ["restart-redis"]],
    [9000, ["restart-redis", "timeout B"]],
  ])("at +%d ms", (offset, expected) => {
    expect(activeFaultsAt(timeline, T0 + offset).sort()).toEqual([...expected].sort());
  });

  it("counts two identical faults with overlapping windows separately", () => {
    const twice = [ev(0, "start", "X"), ev(100, "start", "X"), ev(200, "end", "X"), ev(400, "end", "X")];
    expect(activeFaultsAt(twice, T0 + 300)).toEqual(["X"]);
    expect(activeFaultsAt(twice, T0 + 401)).toEqual([]);
  });

  it("does not depend on the timeline's order", () => {
    expect(activeFaultsAt([...timeline].reverse(), T0 + 1100).sort()).toEqual(["kill app-1", "restart-redis"]);
  });

  it("is empty for an empty timeline", () => expect(activeFaultsAt([], T0)).toEqual([]));
});
