import { type Anomaly } from "../history/Anomaly";
import { browserCause } from "./browserCause";

/**
 * Why an anomaly happened, as far as its own evidence and the run's fault
 * timeline can tell; "unknown" (with the reason) where they cannot. The order
 * of the rules matters: a fault that wipes state explains a miss better than
 * the replica that happened to answer.
 */
export const CAUSES = [
  "cross-replica miss",
  "replica restart lost its sessions",
  "store restart lost the session",
  "read before write landed",
  "lost update (last writer won)",
  "non-monotonic read",
  "another session's data",
  "store error",
  "replica unreachable",
  "server error",
  "login failed: server error",
  "login answered without a session cookie",
  "login answered unexpectedly",
  "browser refused the session cookie",
  "browser withheld the session cookie",
  "unknown",
] as const;
export type Cause = (typeof CAUSES)[number];

/** The anomaly fields attribution reads. */
export type AttributableAnomaly = Pick<Anomaly, "kind" | "t" | "status" | "createdBy" | "readBy" | "writtenBy" | "staleKind" | "cameBack" | "state"> & Partial<Pick<Anomaly, "cookie" | "browser">>;

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
  /** Every replica sees every session (a shared store such as Redis). */
  storeShared: boolean;
  faults: readonly FaultWindow[];
}

export interface Attribution {
  cause: Cause;
  /** For "unknown": what was missing; for a browser's cookie: the evidence. */
  why?: string;
}

const isMiss = (a: AttributableAnomaly): boolean => a.kind === "logout" || (a.kind === "stale-read" && a.staleKind === "session-missing");

/** The replica whose write the reader expected to see: the writer, or for a plain view the login's replica. */
export const sourceReplica = (a: AttributableAnomaly): string | null => a.writtenBy ?? a.createdBy ?? null;
export const readerReplica = (a: AttributableAnomaly): string | null => a.readBy ?? null;

/** A restart is an instant, but what it destroyed stays destroyed: every later miss is in its shadow. */
function restartedBefore(ctx: AttributionContext, kind: string, t: number, target?: string | null): boolean {
  return ctx.faults.some((f) => f.kind === kind && f.start <= t && (target === undefined || f.target === target));
}

function missCause(a: AttributableAnomaly, ctx: AttributionContext): Attribution {
  const source = sourceReplica(a);
  const reader = readerReplica(a);
  if (ctx.storeShared) {
    if (restartedBefore(ctx, "restart-redis", a.t) && a.cameBack !== true) return { cause: "store restart lost the session" };
  } else {
    if (source !== null && reader !== null && source !== reader) return { cause: "cross-replica miss" };
    if (restartedBefore(ctx, "kill", a.t, reader)) return { cause: "replica restart lost its sessions" };
  }
  // Seen again later: the session existed, it had not reached the reader yet.
  if (a.kind === "stale-read" || a.cameBack === true) return { cause: "read before write landed" };
  if (reader === null) return { cause: "unknown", why: "no replica is named for the answer" };
  return { cause: "unknown", why: ctx.storeShared ? "the session never came back, and no restart or kill explains it" : "the session was created and read on the same replica, and no fault explains it" };
}

export function attribute(a: AttributableAnomaly, ctx: AttributionContext): Attribution {
  // What a browser did with the cookie comes first: when it never sent the cookie, which replica answered does not matter.
  const inBrowser = a.browser === undefined ? undefined : browserCause(a.kind, a.status, a.browser);
  if (inBrowser !== undefined) return inBrowser;
  switch (a.kind) {
    case "login-failure":
      if (a.status >= 500 || a.state === "error") return { cause: "login failed: server error" };
      // The redirect was right but no session cookie came with it (or the client dropped it).
      if (a.cookie === false && a.status >= 300 && a.status < 400) return { cause: "login answered without a session cookie" };
      return { cause: "login answered unexpectedly", why: `status ${a.status}` };
    case "lost-update":
      return { cause: "lost update (last writer won)" };
    case "non-monotonic":
      return { cause: "non-monotonic read" };
    case "foreign-data":
      return { cause: "another session's data" };
    case "server-error":
      if (a.state === "error") return { cause: "store error" };
      if (a.readBy === null || a.status === 502 || a.status === 504) return { cause: "replica unreachable" };
      return { cause: "server error" };
    case "stale-read":
      return isMiss(a) ? missCause(a, ctx) : { cause: "read before write landed" };
    case "logout":
      return missCause(a, ctx);
  }
}

export function causeOf(a: AttributableAnomaly, ctx: AttributionContext): Cause {
  return attribute(a, ctx).cause;
}

/** Labels of the faults whose window holds epoch ms `t`. */
export function faultsActiveAt(faults: readonly FaultWindow[], t: number): string[] {
  return faults.filter((f) => f.start <= t && t <= f.end).map((f) => f.label);
}
