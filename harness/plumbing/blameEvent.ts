import { type PartInfo } from "../cluster/Cluster";
import { type FaultSchema } from "../config/FaultSchema";
import { FAULTS, faultType } from "../faults/faults";
import { type Blame, type PlumbingCause, type PlumbingEvent, type PressureSummary } from "./PlumbingSection";

/** What the harness knows besides the line: who was where, who died, which fault ran when, what the kernel counted. */
export interface PlumbingEvidence {
  backend: string;
  parts: readonly Pick<PartInfo, "name" | "role" | "address">[];
  /** host:port k6 connects to (the harness's nginx, published on loopback for Docker). */
  entry?: string;
  /** Parts the watchdog saw exit on their own, epoch ms. */
  deaths: readonly { part: string; t: number }[];
  /** Every fault's window, epoch ms (a restart-redis runs to the end: what it destroyed stays destroyed). */
  faults: readonly { kind: string; target: string; start: number; end: number }[];
  pressure?: PressureSummary;
}

export interface Blamed {
  blame: Blame;
  cause: PlumbingCause;
  why: string;
  /** "nginx → app-2 (127.0.0.1:31097)" */
  link: string;
}

/** nginx and k6 stamp whole seconds: a line at second S happened in [S, S + 1 s). */
const RESOLUTION_MS = 1000;

const isLoopback = (peer: string): boolean => /^(127\.|\[::1\]|::1|localhost:)/.test(peer);

/** A part of the run, and whether the harness provides it (its nginx, Redis, Toxiproxy) rather than the app. */
type Part = PlumbingEvidence["parts"][number] & { harness: boolean };

function partAt(ev: PlumbingEvidence, peer: string | undefined): Part | undefined {
  if (peer === undefined) return undefined;
  const p = ev.parts.find((x) => x.address === peer) ?? (peer === ev.entry ? ev.parts.find((x) => x.role === "balancer") : undefined);
  // --url: the cluster is someone else's, its balancer included.
  return p && { ...p, harness: p.role !== "replica" && ev.backend !== "external" };
}

const overlaps = (t: number | undefined, start: number, end: number): boolean => t !== undefined && t + RESOLUTION_MS >= start - RESOLUTION_MS && t <= end + RESOLUTION_MS;

/** What a fault's schema says it stops; nothing for a kind this harness no longer knows. */
function stopsOf(kind: string): FaultSchema["stops"] {
  return Object.hasOwn(FAULTS, kind) ? FAULTS[kind]?.schema.stops : undefined;
}

/** A fault that stops this part (a kill or restart of it, a store restart) was in effect: refusals are what it does. */
function stoppedByFault(ev: PlumbingEvidence, part: Part, t: number | undefined): boolean {
  return ev.faults.some((w) => {
    const stops = stopsOf(w.kind);
    const hit = (stops === "its-target" && w.target === part.name) || (stops === "the-store" && part.role === "store");
    return hit && overlaps(t, w.start, w.end);
  });
}

function linkOf(e: PlumbingEvent, part: Part | undefined): string {
  const from = e.source === "faults" ? "fault scheduler" : e.source;
  const to = part ? `${part.name} (${part.address})` : e.kind === "no-live-upstreams" ? "every replica" : (e.peer ?? e.target ?? "?");
  return e.source === "watchdog" ? `watchdog: ${e.target ?? "?"}` : `${from} → ${to}`;
}

function faultFailed(e: PlumbingEvent): Omit<Blamed, "link"> {
  const kind = e.faultKind ?? "";
  let controlsParts = true;
  try {
    controlsParts = faultType(kind).schema.controlsParts;
  } catch {
    // A kind this harness no longer knows: judged as a process fault below.
  }
  if (!controlsParts) return { blame: "harness", cause: "harness-part", why: `Toxiproxy's API failed, so the ${kind} fault was not (wholly) applied or undone: ${e.line}` };
  if (kind === "kill" && e.line.includes("stop failed")) {
    return { blame: "unknown", cause: "unexplained", why: `${e.target ?? "the replica"} did not come back after the kill (${e.line}); its log says whether the app or its start failed` };
  }
  return { blame: "harness", cause: "harness-part", why: `the harness could not apply or undo the ${kind} fault: ${e.line}` };
}

/** A SYN nobody answered: the kernel counters decide between the machine, a slow listener, and not knowing. */
function unanswered(ev: PlumbingEvidence, name: string, part: Part | undefined, peer: string): Omit<Blamed, "link"> {
  const p = ev.pressure;
  const ct = p?.conntrack;
  if (ct && (ct.drops > 0 || ct.insertFailed > 0)) {
    return { blame: "machine", cause: "conntrack-full", why: `the kernel's connection-tracking table was full (peak ${ct.peak} of ${ct.max} entries; ${ct.drops + ct.insertFailed} packets dropped), so SYNs to ${name} were dropped` };
  }
  if (!isLoopback(peer)) return { blame: "unknown", cause: "no-evidence", why: `${name} is not on loopback: the path crosses a network whose drops the harness cannot count` };
  if (p?.listenDrops === undefined) return { blame: "unknown", cause: "no-evidence", why: "the kernel's counters could not be read, so a dropped SYN and a listener too slow to accept look alike" };
  if (p.listenDrops > 0) {
    if (part?.harness) return { blame: "harness", cause: "harness-part", why: `${name}, the harness's ${part.role}, accepted connections more slowly than they came (TcpExt ListenDrops +${p.listenDrops})` };
    return { blame: "unknown", cause: "listen-overflow", why: `a listen queue on the machine overflowed (TcpExt ListenDrops +${p.listenDrops}): ${name} may have accepted connections more slowly than they came, or the queue was another program's` };
  }
  return {
    blame: "machine",
    cause: "kernel-dropped",
    why: `SYNs to ${name}, running on loopback, went unanswered while no listen queue overflowed (TcpExt ListenDrops +0): the kernel dropped them (a packet filter rule or connection tracking), not the app`,
  };
}

/**
 * Who failed, for one event. The rules use only evidence the harness holds:
 * an app can make its own listener refuse (it is gone) or overflow (it is
 * slow), and the kernel counts an overflow; a SYN to a live listener on
 * loopback that no overflow explains was dropped by the kernel. A refusal by
 * a replica that a kill fault had stopped is that fault working. What the
 * counters cannot separate is "unknown", with the reason.
 */
export function blameEvent(e: PlumbingEvent, ev: PlumbingEvidence): Blamed {
  const part = partAt(ev, e.peer) ?? (e.target === undefined ? undefined : partAt(ev, ev.parts.find((p) => p.name === e.target)?.address));
  const link = linkOf(e, part);
  const name = part?.name ?? e.peer ?? "an address outside the run";
  const proc = e.source === "faults" || e.source === "watchdog" ? "the harness" : e.source;
  const done = (b: Omit<Blamed, "link">): Blamed => ({ ...b, link });
  if (e.kind === "fault-failed") return done(faultFailed(e));
  if (e.kind === "part-died") {
    if (part?.role === "replica") return done({ blame: "app", cause: "replica-exited", why: `${name} exited on its own mid-run` });
    return done({ blame: "harness", cause: "harness-part", why: `${name}, the harness's ${part?.role ?? "part"}, exited on its own mid-run` });
  }
  if (e.kind === "worker-connections") return done({ blame: "harness", cause: "worker-connections", why: "the harness's nginx needed more connections than its worker_connections" });
  if (e.kind === "fd-limit") return done({ blame: "machine", cause: "fd-limit", why: `${proc} had no file descriptor left (Too many open files): the open-files limit (ulimit -n) was reached` });
  if (e.kind === "ports-exhausted") {
    const left = ev.pressure?.ephemeral;
    const seen = left ? `; the fewest left toward one address was ${left.minLeft} of ${left.rangeSize}` : "";
    return done({ blame: "machine", cause: "ports-exhausted", why: `no ephemeral port was left for a new connection from ${proc} to ${name} (Cannot assign requested address${seen})` });
  }
  if (e.kind === "no-live-upstreams") return done({ blame: "unknown", cause: "unexplained", why: "consequence" });
  if (part === undefined) return done({ blame: "unknown", cause: "unexplained", why: `${name} is none of the run's parts` });
  if (ev.backend === "external") return done({ blame: "unknown", cause: "unexplained", why: `the cluster at --url is not the harness's: its own logs say why ${name} failed` });
  if (stoppedByFault(ev, part, e.t)) return done({ blame: "fault", cause: "fault-effect", why: `${name} was stopped by an injected fault at the time: the fault's expected effect` });
  const died = ev.deaths.find((d) => d.part === part.name && (e.t === undefined || e.t + RESOLUTION_MS >= d.t));
  if (died) {
    if (part.harness) return done({ blame: "harness", cause: "harness-part", why: `${name}, the harness's ${part.role}, had exited on its own` });
    return done({ blame: "app", cause: "replica-exited", why: `${name} had exited on its own` });
  }
  if (e.kind === "upstream-failed") return done({ blame: "app", cause: "replica-failed", why: `${name} took the connection, then closed it, reset it or did not answer in time` });
  if (e.kind === "connect-refused") {
    if (part.harness) return done({ blame: "harness", cause: "harness-part", why: `${name}, the harness's ${part.role}, refused connections while it ran` });
    return done({
      blame: "unknown",
      cause: "unexplained",
      why: `${name} refused connections while the harness saw it running and no fault had stopped it: the app may have closed its listener, or something else held its port; the log cannot tell`,
    });
  }
  return done(unanswered(ev, name, part, e.peer ?? part.address));
}
