/**
 * One line of a run's fault timeline (result.json). `start` and `end` are
 * stamped when the fault actually took effect or was undone (the Toxiproxy
 * call returned, the process had exited, the replica answered again), not when
 * they were scheduled; `error` when a start or stop failed.
 */
export interface FaultEvent {
  /** Epoch ms. */
  t: number;
  /** Since the scheduler's origin: the load's start. */
  offsetMs: number;
  event: "start" | "end" | "error";
  /** The fault's label (describeFault). */
  fault: string;
  kind: string;
  /** "all" or a replica's name. */
  target: string;
  detail?: string;
}

/**
 * Labels of the faults active at epoch ms `t`: started at or before it and
 * not ended before it. A fault with no end (an event such as restart-redis,
 * or one the run ended inside) stays active to the end. Starts and ends are
 * counted per label, so two identical faults with overlapping windows are
 * handled, and a failed start (an `error` with no `start`) is never active.
 */
export function activeFaultsAt(timeline: readonly FaultEvent[], t: number): string[] {
  const open = new Map<string, number>();
  for (const e of timeline) {
    if (e.event === "start" && e.t <= t) open.set(e.fault, (open.get(e.fault) ?? 0) + 1);
  }
  for (const e of timeline) {
    if (e.event === "end" && e.t < t && open.has(e.fault)) open.set(e.fault, (open.get(e.fault) ?? 0) - 1);
  }
  return [...open].filter(([, n]) => n > 0).map(([label]) => label);
}
