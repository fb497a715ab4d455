/**
 * What the `--fault` parser needs to know about a fault: everything
 * flag-shaped. Each fault class in harness/faults/ carries its own schema; the
 * parser (FaultSpec.ts) receives them from the caller, so parsing a run's
 * configuration never loads the code that injects faults.
 */

import { type Capability } from "../topology/StoreTopology";

/** How a `key=value` item's value is read (see FaultParam.ts). */
export type ParamType = "duration" | "duration-or-zero" | "direction" | "failover-kind" | "kbps" | "count";

export interface ParamSchema {
  type: ParamType;
  /** Filled in when the key is left out; without one the key is optional and absent. */
  default?: number | string;
}

/** Parsed values by key; the fault's own value sits under its kind (`latency`: 50). */
export type FaultParams = Readonly<Record<string, number | string>>;

export interface FaultSchema {
  /**
   * The fault's own value (`latency=50ms`). Undefined: it takes none (`down`).
   * With a default the value may be left out (`reset_peer` = `reset_peer=0`).
   */
  value?: ParamSchema & { example: string };
  /** Keys besides the common target, at and for. */
  keys: Readonly<Record<string, ParamSchema>>;
  /**
   * links: all or one replica's store link; one-replica: a replica, required;
   * one-node: a restartable store node, required; listed-node / spare-node: a
   * node in the app's server list / a spare out of it, required; none: target refused.
   */
  target: "links" | "one-replica" | "one-node" | "listed-node" | "spare-node" | "none";
  /** False for an event (restart-redis): `for` is refused and no end is recorded. */
  lasts: boolean;
  /** What of the store's topology it acts on (harness/topology/StoreTopology.ts); a store whose topology lacks it refuses the fault. */
  needs?: Capability;
  /** What it does to sessions, recorded on its timeline events: attribution reads this, never the fault's name. */
  effect?: FaultEffect;
  /** Stops and starts parts (a replica, Redis), so it needs a backend that started them: not `--url`. */
  controlsParts: boolean;
  /**
   * The parts it stops while it runs, so a refusal from them then is the
   * fault working, not the plumbing failing: its target (a replica, a store
   * node), or every store node (restart-redis, whose target is the store).
   */
  stops?: "its-target" | "the-store";
  /**
   * A fault that is a schedule of another (rolling-restart): the run's
   * configuration replaces it with one `into` fault per replica, the key
   * `apart` (a duration) between their starts. `keep`: the fault stays too,
   * first, at its own `at` (remove-node changes the list, the restarts pick it up).
   */
  fansOut?: { into: string; apart: string; keep?: true };
  /** Checks across keys (jitter ≤ latency, a partition's `for`): what is wrong, or undefined. `forMs`: null without `for`. */
  check?: (params: FaultParams, forMs: number | null) => string | undefined;
}

/**
 * What a fault does to the sessions, as attribution needs to know it:
 * `wipes-store`, every session the store held is gone (a restart without
 * persistence); `wipes-node`, the part it targets loses what it held (a killed
 * replica's per-process sessions); `wipes-store-node`, the store node it
 * targets lost its keys, so the sessions that were on it are gone and the
 * others stay (a memcached node restarted); `rehashes`, the app's server
 * list changed, so sessions are looked up on nodes they were never written to; `stale-reads`, reads may miss writes the
 * store acknowledged (a replica node that lags); `may-evict`, it fills the
 * store, so a store with a memory limit may evict sessions to make room (the
 * evictions themselves are measured, INFO stats); `fails-over`, the sentinels
 * replace the primary, and what it acknowledged without passing on (just
 * before it died, or all the time it was cut off) is gone. Faults that only delay or
 * break (latency, down) have none: their anomalies are judged on their own evidence.
 */
export const FAULT_EFFECTS = ["wipes-store", "wipes-node", "wipes-store-node", "rehashes", "stale-reads", "may-evict", "fails-over"] as const;
export type FaultEffect = (typeof FAULT_EFFECTS)[number];

/** Every fault the parser accepts, by the name that starts its spec. */
export type FaultSchemas = Readonly<Record<string, FaultSchema>>;
