import { DIRECTIONS, type Direction } from "../config/FaultParam";
import { type FaultSpec } from "../config/FaultSpec";

/** A numeric parameter the parser guarantees (own value or a key with a default). */
export function numParam(spec: FaultSpec, key: string): number {
  const v = spec.params[key];
  if (typeof v !== "number") throw new Error(`fault ${spec.kind}: parameter ${key} missing (got ${String(v)})`);
  return v;
}

export function directionParam(spec: FaultSpec): Direction {
  const v = spec.params.direction;
  if (!(DIRECTIONS as readonly unknown[]).includes(v)) throw new Error(`fault ${spec.kind}: no direction`);
  return v as Direction;
}
