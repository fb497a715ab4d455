import { type Toxiproxy } from "toxiproxy-node-client";
import { type FaultEffect, type FaultSchema } from "../config/FaultSchema";
import { type FaultSpec } from "../config/FaultSpec";
import { type StartedCluster } from "../cluster/Cluster";

export type { FaultSchema, ParamSchema } from "../config/FaultSchema";

/**
 * What a fault may touch. Toxic faults use only `toxiproxy` and `proxyNames`;
 * process faults use only `cluster`. The scheduler builds it, so a fault never
 * works out for itself which links its target means.
 */
export interface FaultContext {
  cluster: StartedCluster;
  /** Undefined when the store has no topology (no Redis, no Toxiproxy). */
  toxiproxy: Toxiproxy | undefined;
  /** The Toxiproxy proxies the fault acts on: the app links its target covers, or the replication links (schema.needs). */
  proxyNames: readonly string[];
}

/** What the timeline should say about a start or stop, beyond "it happened". */
export interface FaultOutcome {
  detail?: string;
  /**
   * Epoch ms the fault took effect, when that is not the moment the call
   * resolved: a Redis restart takes effect at its SIGKILL, its first act, and
   * the call only resolves once Redis is back.
   */
  at?: number;
  /**
   * An event that took a while (a replica restart: until it answered again):
   * epoch ms it ended, so its window in the timeline is that long. What it
   * destroyed stays destroyed all the same (attribution reads its start).
   */
  endedAt?: number;
  /** On start: what it did to the sessions, when not its schema's `effect` (null: nothing, e.g. a node that kept its data). */
  effect?: FaultEffect | null;
}

/**
 * Why a fault is being stopped: its window closed, or the run is ending (then
 * the cluster is about to be torn down, and undoing a kill would only slow that).
 */
export type StopReason = "window-end" | "run-end";

/**
 * One fault instance. `start` resolves once the fault has taken effect; `stop`
 * undoes only what this instance did (its own toxics), so two faults on one
 * link can end independently. Both may throw: the scheduler records the error.
 */
export interface Fault {
  start(ctx: FaultContext): Promise<FaultOutcome | undefined>;
  /** Never called for an event fault (schema.lasts = false). */
  stop(ctx: FaultContext, reason: StopReason): Promise<FaultOutcome | undefined>;
}

/** A fault class as the registry (faults.ts) holds it. */
export interface FaultType {
  new (spec: FaultSpec, id: string): Fault;
  readonly schema: FaultSchema;
  /** The human label used in logs, the timeline and the report. */
  describe(spec: FaultSpec): string;
  /** The most this fault can delay one store round trip (ms), for faults that delay rather than break. */
  worstDelayMs?(spec: FaultSpec): number;
}
