import { AFTER, attribute, type AttributableAnomaly, type AttributionContext, faultWindowsAt, readerReplica, sourceReplica } from "./attributeAnomalies";
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

/** Kinds where "which replica read" tells the story. */
const READ_KINDS = new Set(["logout", "stale-read"]);

type Counts = Record<string, number>;
const increment = (counts: Counts, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};
/** The most frequent key; ties go to the first in alphabetical order, so the arrival order never shows. */
const top = (counts: Counts): [string, number] => Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ["", 0];

/** What one kind's sentence needs: exact counts, whatever the number of anomalies. */
interface KindTally {
  count: number;
  causes: Counts;
  windows: Counts;
  crossReplica: number;
}

/**
 * Anomalies → counts by kind, cause, replica pair and fault window, and the
 * sentences a reader wants, one anomaly at a time: exact counts in memory
 * that does not grow with the run. The order anomalies arrive in does not
 * change the result.
 */
export class AnomalySummarizer {
  private total = 0;
  private readonly byKind: Counts = {};
  private readonly byCause: Counts = {};
  private readonly byEvidence: Counts = {};
  private readonly pairs = new Map<string, ReplicaPairCount>();
  private readonly windows = new Map<string, FaultWindowCount>();
  private readonly kinds = new Map<string, KindTally>();

  constructor(private readonly ctx: AttributionContext) {}

  add(a: AttributableAnomaly): void {
    this.total++;
    increment(this.byKind, a.kind);
    const { cause, why } = attribute(a, this.ctx);
    increment(this.byCause, cause);
    if (why !== undefined) increment(this.byEvidence, `${cause} (${why})`);
    const active = faultWindowsAt(this.ctx.faults, a.t);
    const labels = active.length > 0 ? active : [NO_FAULT];
    for (const label of labels) {
      const w = this.windows.get(label) ?? { window: label, count: 0, byKind: {} };
      w.count++;
      increment(w.byKind, a.kind);
      this.windows.set(label, w);
    }
    const k = this.kinds.get(a.kind) ?? { count: 0, causes: {}, windows: {}, crossReplica: 0 };
    k.count++;
    // The reader's sentence names what was missing when the cause is unknown.
    increment(k.causes, why === undefined ? cause : `${cause} (${why})`);
    for (const label of labels) increment(k.windows, label);
    const source = sourceReplica(a);
    const reader = readerReplica(a);
    if (source !== null && reader !== null && source !== reader) k.crossReplica++;
    this.kinds.set(a.kind, k);
    if (!READ_KINDS.has(a.kind)) return;
    const key = [a.kind, source ?? "?", reader ?? "?"].join("\u0000");
    const pair = this.pairs.get(key) ?? { kind: a.kind, source: source ?? "?", reader: reader ?? "?", count: 0 };
    pair.count++;
    this.pairs.set(key, pair);
  }

  summary(): AnomalySummary {
    return {
      total: this.total,
      byKind: { ...this.byKind },
      byCause: { ...this.byCause },
      ...(Object.keys(this.byEvidence).length > 0 ? { byEvidence: { ...this.byEvidence } } : {}),
      byReplicaPair: [...this.pairs.values()].sort(
        (a, b) => b.count - a.count || a.kind.localeCompare(b.kind) || a.source.localeCompare(b.source, "en", { numeric: true }) || a.reader.localeCompare(b.reader, "en", { numeric: true }),
      ),
      byFaultWindow: [...this.windows.values()].sort((a, b) => b.count - a.count || a.window.localeCompare(b.window)),
      // Most frequent kind first.
      explanations: [...this.kinds.entries()].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).map(([kind, k]) => this.explain(kind, k)),
    };
  }

  /**
   * One sentence per anomaly kind: its main cause, the fault window most of
   * them fell in (when faults were injected), and how many were read on a
   * replica other than the one that wrote.
   */
  private explain(kind: string, k: KindTally): string {
    const name = KIND_NAMES[kind]?.[k.count === 1 ? 0 : 1] ?? kind;
    const [cause, causeCount] = top(k.causes);
    const parts = [`${k.count} ${name}`, `${pct(causeCount / k.count)} attributed to ${cause}`];
    if (this.ctx.faults.length > 0) {
      const [window, windowCount] = top(k.windows);
      const when = window === NO_FAULT ? "with no fault active" : window.startsWith(AFTER) ? window : `while ${window}`;
      parts.push(`${pct(windowCount / k.count)} ${when}`);
    }
    if (READ_KINDS.has(kind)) parts.push(`${pct(k.crossReplica / k.count)} read on a replica other than the writer`);
    return parts.join("; ") + ".";
  }
}

/** The same over an array. Pure. */
export function summarizeAnomalies(anomalies: readonly AttributableAnomaly[], ctx: AttributionContext): AnomalySummary {
  const s = new AnomalySummarizer(ctx);
  for (const a of anomalies) s.add(a);
  return s.summary();
}
