import { type FaultEffect } from "../config/FaultSchema";

/**
 * One line of a run's fault timeline (result.json). `start` and `end` are
 * stamped when the fault actually took effect or was undone (the Toxiproxy
 * call returned, the process had exited, the replica answered again), not when
 * they were scheduled; `error` when a start or stop failed. The run adds a
 * `died` line for a part the watchdog saw exit on its own.
 */
export interface FaultEvent {
  /** Epoch ms. */
  t: number;
  /** Since the scheduler's origin: the load's start. */
  offsetMs: number;
  /** died: a part of the cluster exited on its own while the run went on (not a fault's doing). */
  event: "start" | "end" | "error" | "died";
  /** The fault's label (describeFault). */
  fault: string;
  kind: string;
  /** "all" or a replica's name. */
  target: string;
  detail?: string;
  /** start: what the fault did to the sessions (its schema's, unless the fault said otherwise); absent when it only delays or breaks. */
  effect?: FaultEffect;
}
