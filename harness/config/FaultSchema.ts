/**
 * What the `--fault` parser needs to know about a fault: everything
 * flag-shaped. Each fault class in harness/faults/ carries its own schema; the
 * parser (FaultSpec.ts) receives them from the caller, so parsing a run's
 * configuration never loads the code that injects faults.
 */

/** How a `key=value` item's value is read (see FaultParam.ts). */
export type ParamType = "duration" | "duration-or-zero" | "direction" | "kbps";

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
  /** links: all or one replica's store link; one-replica: a replica, required; none: target refused. */
  target: "links" | "one-replica" | "none";
  /** False for an event (restart-redis): `for` is refused and no end is recorded. */
  lasts: boolean;
  /** Acts on the store service (Redis) or the links to it, so a store without one cannot have it. */
  needsStoreService: boolean;
  /** Stops and starts parts (a replica, Redis), so it needs a backend that started them: not `--url`. */
  controlsParts: boolean;
  /** Checks across keys (jitter ≤ latency): what is wrong, or undefined. */
  check?: (params: FaultParams) => string | undefined;
}

/** Every fault the parser accepts, by the name that starts its spec. */
export type FaultSchemas = Readonly<Record<string, FaultSchema>>;
