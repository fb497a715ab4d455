import { type FaultEffect } from "../config/FaultSchema";
import { FAULTS } from "../faults/faults";
import { type Anomaly } from "../history/Anomaly";
import { browserCause } from "./browserCause";
import { evictionMissCause, storeFullCause } from "./evictionCause";
import { type EvictionEvidence } from "./evictions";
import { LAG_RESOLUTION_MS, replicaLagMs, type ReplicationEvidence, samplesFor } from "./replicationLag";

/**
 * Why an anomaly happened, as far as its own evidence and the run's fault
 * timeline can tell; "unknown" (with the reason) where they cannot. The order
 * of the rules matters: a fault that wipes state explains a miss better than
 * the replica that happened to answer.
 */
export const CAUSES = [
  "cross-replica miss",
  "cookie signed with another secret",
  "replica restart lost its sessions",
  "store restart lost the session",
  "store node restart lost the session",
  "server list changed: looked up on another node",
  "failover lost the write",
  "store evicted the session",
  "read from a lagging replica",
  "read before write landed",
  "lost update (last writer won)",
  "non-monotonic read",
  "another session's data",
  "store full, writes refused",
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
export type AttributableAnomaly = Pick<Anomaly, "kind" | "t" | "status" | "createdBy" | "readBy" | "writtenBy" | "staleKind" | "cameBack" | "state"> &
  Partial<Pick<Anomaly, "cookie" | "browser" | "sinceLoginMs" | "sinceWriteMs" | "sourceTookMs" | "seenBefore">>;

export interface FaultWindow {
  /** Human label, e.g. "latency 50 ms ±40 ms on both directions of app-2's Redis link". */
  label: string;
  kind: string;
  target: string;
  start: number;
  /** Epoch ms; Infinity while it lasted to the end of the run. */
  end: number;
  /** What the fault did to the sessions, as its start event recorded it. */
  effect?: FaultEffect;
}

export interface AttributionContext {
  /** Every replica sees every session (a shared store such as Redis). */
  storeShared: boolean;
  faults: readonly FaultWindow[];
  /** The app looks sessions up on a replica node of the store (AppInfo.store.replicaReads). */
  replicaReads?: boolean;
  /** Each replica node's and its primary's replication offsets during the load, and which node each app replica reads from, when they were measured. */
  replication?: ReplicationEvidence;
  /** A store with a memory limit: the limit, and its eviction and refusal counters sampled during the load. */
  eviction?: EvictionEvidence;
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

/**
 * What a window's fault did to the sessions: as its start event recorded it,
 * or, for a timeline written before events carried effects, what its fault
 * declares (the registry's schema, never a match on its name).
 */
export function effectOf(w: FaultWindow): FaultEffect | undefined {
  return w.effect ?? (Object.hasOwn(FAULTS, w.kind) ? FAULTS[w.kind]?.schema.effect : undefined);
}

/** A wipe is an instant, but what it destroyed stays destroyed: every later miss is in its shadow. */
function wipedBefore(ctx: AttributionContext, effect: FaultEffect, t: number, target?: string | null): boolean {
  return ctx.faults.some((f) => effectOf(f) === effect && f.start <= t && (target === undefined || f.target === target));
}

/**
 * One node of several lost its keys after the session was made and before
 * this read: the session may have been on it. Which node a session hashed to
 * is the app's client's secret. A session made once the node answered again
 * (the restart's end) was not on it when it was wiped, so it is never blamed
 * on it; one made between the SIGKILL and that moment may have been written
 * just before the node died (a container's kill takes a while to land).
 */
function nodeWipedUnder(ctx: AttributionContext, a: AttributableAnomaly): boolean {
  const madeAt = a.sinceLoginMs === undefined || a.sinceLoginMs === null ? undefined : a.t - a.sinceLoginMs;
  return ctx.faults.some((f) => effectOf(f) === "wipes-store-node" && f.start <= a.t && (madeAt === undefined || madeAt < (Number.isFinite(f.end) ? f.end : f.start)));
}

/**
 * Writes a failover may have lost: acknowledged by the old primary in its
 * window (cut off, it kept taking them until it rejoined as a replica), or
 * just before it (a killed primary takes its last unreplicated writes with
 * it; replication on loopback runs milliseconds behind, so a second bounds
 * it, and the report shows the measured lag).
 */
export const FAILOVER_TAIL_MS = 1000;

function lostInFailover(ctx: AttributionContext, a: AttributableAnomaly): boolean {
  const age = a.sinceWriteMs ?? a.sinceLoginMs ?? undefined;
  if (age === undefined || age === null) return false;
  // The write happened somewhere in its request: from its start to its answer.
  const answered = a.t - age;
  const began = answered - (a.sourceTookMs ?? 0);
  return ctx.faults.some((f) => effectOf(f) === "fails-over" && f.start <= a.t && f.start - FAILOVER_TAIL_MS <= answered && began <= f.end);
}

const activeAt = (ctx: AttributionContext, effect: FaultEffect, t: number): boolean => ctx.faults.some((f) => effectOf(f) === effect && f.start <= t && t <= f.end);

/**
 * A read on a replica node that missed a write: the node had not received it
 * yet when the offsets say it was further behind the primary than the write
 * was old. Offsets showing it clearly caught up hand the read to the other
 * rules. Where they cannot tell (not measured, or a lag about the write's
 * age), a fault that delays replication decides; without one, replication's
 * own delay and a late write both fit: unknown.
 */
function lagCause(a: AttributableAnomaly, ctx: AttributionContext): Attribution | undefined {
  if (ctx.replicaReads !== true) return undefined;
  const age = a.sinceWriteMs ?? a.sinceLoginMs ?? undefined;
  const samples = ctx.replication && samplesFor(ctx.replication, readerReplica(a));
  const lag = samples && replicaLagMs(samples, a.t);
  if (lag !== undefined && age !== undefined) {
    if (lag > age) return { cause: "read from a lagging replica" };
    if (lag + LAG_RESOLUTION_MS < age) return undefined;
  }
  if (activeAt(ctx, "stale-reads", a.t)) return { cause: "read from a lagging replica" };
  return {
    cause: "unknown",
    why:
      lag === undefined
        ? "read on a replica node while no lag was measured or injected: replication's own delay or a late write could explain it"
        : "read on a replica node about as far behind the primary as the write was old: the offsets cannot tell whether it had the write",
  };
}

function missCause(a: AttributableAnomaly, ctx: AttributionContext): Attribution {
  // The app said so itself: the cookie arrived, and its signature was not this replica's secret's.
  if (a.state === "forged") return { cause: "cookie signed with another secret" };
  const source = sourceReplica(a);
  const reader = readerReplica(a);
  if (ctx.storeShared) {
    if (wipedBefore(ctx, "wipes-store", a.t) && a.cameBack !== true) return { cause: "store restart lost the session" };
    if (a.cameBack !== true && nodeWipedUnder(ctx, a)) return { cause: "store node restart lost the session" };
    // Found on one replica and missing on the next is what a list half the replicas have yet to pick up does; so is missing for good.
    if (wipedBefore(ctx, "rehashes", a.t)) return { cause: "server list changed: looked up on another node" };
    if (a.cameBack !== true && lostInFailover(ctx, a)) return { cause: "failover lost the write" };
    // An evicted session never comes back; one seen again later was late, not evicted.
    const evicted = a.cameBack === true ? undefined : evictionMissCause(ctx.eviction, a.t, a.sinceWriteMs ?? a.sinceLoginMs ?? undefined, activeAt(ctx, "may-evict", a.t));
    if (evicted) return evicted;
    const lagged = lagCause(a, ctx);
    if (lagged) return lagged;
  } else {
    if (source !== null && reader !== null && source !== reader) return { cause: "cross-replica miss" };
    if (wipedBefore(ctx, "wipes-node", a.t, reader)) return { cause: "replica restart lost its sessions" };
  }
  // Seen again later: the session existed, it had not reached the reader yet;
  // unless it had been served before this read began, so it had landed.
  if (a.kind === "stale-read" || (a.cameBack === true && a.seenBefore !== true)) return { cause: "read before write landed" };
  if (reader === null) return { cause: "unknown", why: "no replica is named for the answer" };
  if (!ctx.storeShared) return { cause: "unknown", why: "the session was created and read on the same replica, and no fault explains it" };
  // Evidence, not a verdict: only the app can say it refused the cookie (as the sample app's X-Session-State: forged does).
  if (source !== null && source !== reader) {
    return {
      cause: "unknown",
      why: "the session was read on a replica other than the one that created it, with a store every replica shares, and no restart, eviction or lag explains it: replicas that each sign cookies with their own secret, or a store that is not really shared, would do this",
    };
  }
  return { cause: "unknown", why: "the session never came back, and no restart or kill explains it" };
}

export function attribute(a: AttributableAnomaly, ctx: AttributionContext): Attribution {
  // What a browser did with the cookie comes first: when it never sent the cookie, which replica answered does not matter.
  const inBrowser = a.browser === undefined ? undefined : browserCause(a.kind, a.status, a.browser);
  if (inBrowser !== undefined) return inBrowser;
  switch (a.kind) {
    case "login-failure":
      if (a.status >= 500 || a.state === "error") return (a.state === "error" ? storeFullCause(ctx.eviction, a.t) : undefined) ?? { cause: "login failed: server error" };
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
      if (a.state === "error") return storeFullCause(ctx.eviction, a.t) ?? { cause: "store error" };
      if (a.readBy === null || a.status === 502 || a.status === 504) return { cause: "replica unreachable" };
      return { cause: "server error" };
    case "stale-read":
      if (isMiss(a)) return missCause(a, ctx);
      // An older value after a failover: the write went to the old primary and no further.
      if (ctx.storeShared && lostInFailover(ctx, a)) return { cause: "failover lost the write" };
      return lagCause(a, ctx) ?? { cause: "read before write landed" };
    case "logout":
      return missCause(a, ctx);
  }
}

export function causeOf(a: AttributableAnomaly, ctx: AttributionContext): Cause {
  return attribute(a, ctx).cause;
}

const WIPES: ReadonlySet<FaultEffect | undefined> = new Set(["wipes-store", "wipes-node", "wipes-store-node", "rehashes", "fails-over"]);

/**
 * The windows an anomaly at `t` is counted in: the faults active then; with
 * none, the last wipe that ended before it (`after <label>`), since what a
 * wipe destroyed stays destroyed; else none.
 */
export function faultWindowsAt(faults: readonly FaultWindow[], t: number): string[] {
  const active = faultsActiveAt(faults, t);
  if (active.length > 0) return active;
  const last = faults.filter((f) => f.end < t && WIPES.has(effectOf(f))).sort((a, b) => b.end - a.end)[0];
  return last === undefined ? [] : [`${AFTER}${last.label}`];
}

export const AFTER = "after ";

/** Labels of the faults whose window holds epoch ms `t`. */
export function faultsActiveAt(faults: readonly FaultWindow[], t: number): string[] {
  return faults.filter((f) => f.start <= t && t <= f.end).map((f) => f.label);
}
