import { type Toxiproxy } from "toxiproxy-node-client";
import { type StartedCluster } from "../cluster/Cluster";
import { type FaultSpec } from "./FaultSpec";

/**
 * What a fault may touch. Toxic faults use only `toxiproxy` and `proxyNames`;
 * process faults use only `cluster`. The scheduler builds it, so a fault never
 * works out for itself which links its target means.
 */
export interface FaultContext {
  cluster: StartedCluster;
  /** Undefined on memory-store clusters (no Redis, no Toxiproxy). */
  toxiproxy: Toxiproxy | undefined;
  /** The Toxiproxy proxies (one per replica's Redis link) the spec's target covers. */
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

/** How a `key=value` item's value is read (see FaultParam.ts). */
export type ParamType = "duration" | "duration-or-zero" | "direction" | "kbps";

export interface ParamSchema {
  type: ParamType;
  /** Filled in when the key is left out; without one the key is optional and absent. */
  default?: number | string;
}

/** Parsed values by key; the fault's own value sits under its kind (`latency`: 50). */
export type FaultParams = Readonly<Record<string, number | string>>;

/** What the parser needs to know about a fault: everything flag-shaped lives here. */
export interface FaultSchema {
  /**
   * The fault's own value (`latency=50ms`). Undefined: it takes none (`down`).
   * With a default the value may be left out (`reset_peer` = `reset_peer=0`).
   */
  value?: ParamSchema & { example: string };
  /** Keys besides the common target, at and for. */
  keys: Readonly<Record<string, ParamSchema>>;
  /** links: all or one replica's Redis link; one-replica: a replica, required; none: target refused. */
  target: "links" | "one-replica" | "none";
  /** False for an event (restart-redis): `for` is refused and no end is recorded. */
  lasts: boolean;
  /** Acts on Redis or its links, so a memory-store cluster cannot have it. */
  needsRedis: boolean;
  /** Checks across keys (jitter ≤ latency): what is wrong, or undefined. */
  check?: (params: FaultParams) => string | undefined;
}

/** A fault class as the registry (faults.ts) holds it. */
export interface FaultType {
  new (spec: FaultSpec, id: string): Fault;
  readonly schema: FaultSchema;
  /** The human label used in logs, the timeline and the report. */
  describe(spec: FaultSpec): string;
}
