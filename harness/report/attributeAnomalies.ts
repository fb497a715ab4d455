import { type Store } from "../config/RunConfig";

/**
 * Why an anomaly happened, as far as the anomaly line and the run's fault
 * timeline can tell. The order of the rules matters: a fault that wipes state
 * explains a miss better than the replica that happened to answer.
 */
export const CAUSES = [
  "cross-replica miss",
  "replica restart lost its sessions",
  "store restart lost the session",
  "read before write landed",
  "lost update",
  "non-monotonic read",
  "store error",
  "expiry",
  "login failure",
] as const;
export type Cause = (typeof CAUSES)[number];

/** The anomaly fields attribution reads; scenarios write more. */
export interface AttributableAnomaly {
  kind: string;
  staleKind?: string | null;
  sessionState?: string | null;
  createdBy?: string | null;
  writtenBy?: string | null;
  answeredBy?: string | null;
  readBy?: string | null;
  sinceLoginMs?: number | null;
  t: number;
}

export interface FaultWindow {
  /** Human label, e.g. "latency 50 ms ±40 ms on both directions of app-2's Redis link". */
  label: string;
  kind: string;
  target: string;
  start: number;
  /** Epoch ms; Infinity while it lasted to the end of the run. */
  end: number;
}

export interface AttributionContext {
  store: Store;
  idleTtlMs?: number;
  faults: readonly FaultWindow[];
}

/** How long after a restart a miss is still blamed on it: sessions do not come back. */
const RESTART_SHADOW_MS = Number.POSITIVE_INFINITY;

const isMiss = (a: AttributableAnomaly): boolean =>
  a.kind === "logout" || (a.kind === "stale-read" && a.staleKind === "session-missing") || a.sessionState === "miss";

/** The replica whose write the reader expected to see: the writer, or for a plain view the login's replica. */
export const sourceReplica = (a: AttributableAnomaly): string | null => a.writtenBy ?? a.createdBy ?? null;
export const readerReplica = (a: AttributableAnomaly): string | null => a.readBy ?? a.answeredBy ?? null;

function restartedBefore(ctx: AttributionContext, kind: string, t: number, target?: string | null): boolean {
  return ctx.faults.some(
    (f) => f.kind === kind && f.start <= t && t <= f.start + RESTART_SHADOW_MS && (target === undefined || f.target === target),
  );
}

export function causeOf(a: AttributableAnomaly, ctx: AttributionContext): Cause {
  switch (a.kind) {
    case "store-error":
      return "store error";
    case "login-failure":
      return "login failure";
    case "lost-update":
      return "lost update";
    case "non-monotonic":
      return "non-monotonic read";
  }
  const source = sourceReplica(a);
  const reader = readerReplica(a);
  if (isMiss(a)) {
    if (ctx.idleTtlMs !== undefined && (a.sinceLoginMs ?? 0) >= ctx.idleTtlMs) return "expiry";
    if (ctx.store === "redis" && restartedBefore(ctx, "restart-redis", a.t)) return "store restart lost the session";
    if (ctx.store === "memory") {
      if (source !== null && reader !== null && source !== reader) return "cross-replica miss";
      if (restartedBefore(ctx, "kill", a.t, reader)) return "replica restart lost its sessions";
    }
  }
  return "read before write landed";
}

/** Labels of the faults whose window holds epoch ms `t`. */
export function faultsActiveAt(faults: readonly FaultWindow[], t: number): string[] {
  return faults.filter((f) => f.start <= t && t <= f.end).map((f) => f.label);
}
