import { type ParamType } from "./FaultSchema";
import { parseDuration } from "./parseDuration";

export const DIRECTIONS = ["upstream", "downstream", "both"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** How `failover` loses the primary: it dies, or it is cut off from the sentinels and its replicas while the apps still reach it. */
export const FAILOVER_KINDS = ["kill", "partition"] as const;
export type FailoverKind = (typeof FAILOVER_KINDS)[number];

/** Said after "is not …" in a usage error: what the user may write instead. */
export const PARAM_HINT: Record<ParamType, string> = {
  duration: "a duration such as 500ms, 5s, 1m30s",
  "duration-or-zero": "0 or a duration such as 500ms, 5s, 1m30s",
  direction: `one of ${DIRECTIONS.join(", ")}`,
  "failover-kind": `one of ${FAILOVER_KINDS.join(", ")}`,
  kbps: "a whole number of KB/s, at least 1",
  count: "a whole number, at least 1",
};

/**
 * One item's value, or undefined when it is not of `type`. Durations are
 * k6-style, as everywhere else on the command line; parseDuration refuses 0
 * (k6 would), so "0" is read here for the keys where 0 means something
 * (`at=0`, `timeout=0` = held forever).
 */
export function parseParam(type: ParamType, text: string): number | string | undefined {
  switch (type) {
    case "duration":
      return parseDuration(text);
    case "duration-or-zero":
      return /^0+(\.0+)?(ms|s|m|h)?$/.test(text) ? 0 : parseDuration(text);
    case "direction":
      return (DIRECTIONS as readonly string[]).includes(text) ? text : undefined;
    case "failover-kind":
      return (FAILOVER_KINDS as readonly string[]).includes(text) ? text : undefined;
    case "kbps":
    case "count": {
      const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
      return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
    }
  }
}
