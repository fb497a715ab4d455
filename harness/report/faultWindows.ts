import { type FaultEvent } from "../faults/FaultEvent";
import { type FaultWindow } from "./attributeAnomalies";

type FaultEventLike = Pick<FaultEvent, "t" | "event" | "fault" | "kind" | "target"> & Partial<Pick<FaultEvent, "effect">>;

/**
 * The report's view of a fault timeline. Pairs each start with the next end of the same fault into a window. A fault
 * still active when the run ended has no end event: its window runs to `runEnd`
 * (a restart is an instant, but what it destroyed stays destroyed, and
 * attribution treats it so).
 */
export function faultWindows(timeline: readonly FaultEventLike[], runEnd = Number.POSITIVE_INFINITY): FaultWindow[] {
  const open = new Map<string, FaultWindow>();
  const windows: FaultWindow[] = [];
  for (const e of [...timeline].sort((a, b) => a.t - b.t)) {
    const key = `${e.fault}\u0000${e.target}`;
    if (e.event === "start") {
      const w: FaultWindow = { label: e.fault, kind: e.kind, target: e.target, start: e.t, end: runEnd, ...(e.effect === undefined ? {} : { effect: e.effect }) };
      open.set(key, w);
      windows.push(w);
    } else if (e.event === "end") {
      const w = open.get(key);
      if (w) w.end = e.t;
      open.delete(key);
    }
  }
  return windows;
}
