import { attribute, type AttributableAnomaly, type AttributionContext, causeOf, faultsActiveAt, readerReplica, sourceReplica } from "./attributeAnomalies";
import { pct } from "./format";
import { type AnomalySummary, type FaultWindowCount, type ReplicaPairCount } from "./RunResult";

export const NO_FAULT = "no fault active";

const KIND_NAMES: Record<string, [one: string, many: string]> = {
  logout: ["logout", "logouts"],
  "stale-read": ["stale read", "stale reads"],
  "lost-update": ["lost update", "lost updates"],
  "non-monotonic": ["non-monotonic read", "non-monotonic reads"],
  "foreign-data": ["read showing another session's data", "reads showing another session's data"],
  "server-error": ["server error", "server errors"],
  "login-failure": ["login failure", "login failures"],
};

const increment = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Kinds where "which replica read" tells the story. */
const READ_KINDS = new Set(["logout", "stale-read"]);

/** Anomaly lines → counts by kind, cause, replica pair and fault window, plus the sentences a reader wants. Pure. */
export function summarizeAnomalies(anomalies: readonly AttributableAnomaly[], ctx: AttributionContext): AnomalySummary {
  const byKind: Record<string, number> = {};
  const byCause: Record<string, number> = {};
  const pairs = new Map<string, ReplicaPairCount>();
  const windows = new Map<string, FaultWindowCount>();
  for (const a of anomalies) {
    increment(byKind, a.kind);
    increment(byCause, causeOf(a, ctx));
    for (const label of activeOrNone(a, ctx)) {
      const w = windows.get(label) ?? { window: label, count: 0, byKind: {} };
      w.count++;
      increment(w.byKind, a.kind);
      windows.set(label, w);
    }
    if (!READ_KINDS.has(a.kind)) continue;
    const source = sourceReplica(a) ?? "?";
    const reader = readerReplica(a) ?? "?";
    const key = [a.kind, source, reader].join("\u0000");
    const pair = pairs.get(key) ?? { kind: a.kind, source, reader, count: 0 };
    pair.count++;
    pairs.set(key, pair);
  }
  return {
    total: anomalies.length,
    byKind,
    byCause,
    byReplicaPair: [...pairs.values()].sort((a, b) => b.count - a.count || a.source.localeCompare(b.source)),
    byFaultWindow: [...windows.values()].sort((a, b) => b.count - a.count),
    explanations: explain(anomalies, ctx),
  };
}

function activeOrNone(a: AttributableAnomaly, ctx: AttributionContext): string[] {
  const active = faultsActiveAt(ctx.faults, a.t);
  return active.length > 0 ? active : [NO_FAULT];
}

/**
 * One sentence per anomaly kind: its main cause, the fault window most of them
 * fell in (when faults were injected), and how many were read on a replica other
 * than the one that wrote.
 */
function explain(anomalies: readonly AttributableAnomaly[], ctx: AttributionContext): string[] {
  const kinds = [...new Set(anomalies.map((a) => a.kind))];
  return kinds.map((kind) => {
    const of = anomalies.filter((a) => a.kind === kind);
    const name = KIND_NAMES[kind]?.[of.length === 1 ? 0 : 1] ?? kind;
    const parts = [`${of.length} ${name}`];
    const [cause, causeCount] = top(of.map((a) => describeCause(a, ctx)));
    parts.push(`${pct(causeCount / of.length)} attributed to ${cause}`);
    if (ctx.faults.length > 0) {
      const [window, windowCount] = top(of.flatMap((a) => activeOrNone(a, ctx)));
      parts.push(window === NO_FAULT ? `${pct(windowCount / of.length)} with no fault active` : `${pct(windowCount / of.length)} while ${window}`);
    }
    if (READ_KINDS.has(kind)) {
      const cross = of.filter((a) => sourceReplica(a) !== null && readerReplica(a) !== null && sourceReplica(a) !== readerReplica(a));
      parts.push(`${pct(cross.length / of.length)} read on a replica other than the writer`);
    }
    return parts.join("; ") + ".";
  });
}

/** The cause as a reader needs it: "unknown (the session never came back, …)" says what was missing. */
function describeCause(a: AttributableAnomaly, ctx: AttributionContext): string {
  const { cause, why } = attribute(a, ctx);
  return why === undefined ? cause : `${cause} (${why})`;
}

function top(values: string[]): [string, number] {
  const counts: Record<string, number> = {};
  for (const v of values) increment(counts, v);
  return Object.entries(counts).sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
}
