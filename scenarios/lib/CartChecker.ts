import { buildAnomaly, type Anomaly, type AnomalyContext, type DetailInput, type StaleKind } from "./Anomaly";
import { REDIRECT_STATUSES, type ResponseFacts } from "./classifyResponse";

/** One client's cart history, as it saw it; `t` is when the response arrived (epoch ms). */
export type CartEvent =
  | { type: "login"; replica: string | null; t: number }
  | { type: "write"; step: string; token: string; acknowledged: boolean; facts: ResponseFacts; t: number }
  | { type: "read"; step: string; facts: ResponseFacts; items: readonly string[] | null; t: number };

/** The samples one read yields; undefined means "no sample" (nothing to judge). */
export interface ReadVerdict {
  /** session_stale_reads: acknowledged writes are expected and the read missed one not yet overwritten. */
  stale: boolean | undefined;
  staleKind: StaleKind | null;
  /** session_lost_updates: acknowledged writes are expected, the session was shown, and a write is gone for good. */
  lostUpdate: boolean | undefined;
  /** session_monotonic_violations: the session was shown with fewer of its tokens than an earlier read. */
  nonMonotonic: boolean | undefined;
  tokensSeen: number | null;
  anomalies: Anomaly[];
}

interface AckedWrite {
  token: string;
  writtenBy: string | null;
  versionWritten: number | null;
  t: number;
}

/**
 * The app promised the write: POST /cart answered 302 to /cart. Anything else
 * (503 for a busy lock or a failed store, a redirect to /login) promised nothing,
 * so its token is not expected in later reads.
 */
export function acknowledgedWrite(facts: ResponseFacts): boolean {
  return REDIRECT_STATUSES.has(facts.status) && facts.location === "/cart" && !facts.storeError && !facts.anonymous;
}

/**
 * Judges each cart read against the writes the client was promised since its
 * login. A missing token is told apart by the version the read shows: below the
 * version the write produced, the write has not landed yet (a stale read); at or
 * above it, another write built on the state before it and replaced it (a lost
 * update, reported once and then no longer expected). The POST's 302 carries the
 * version it read, so the write produced that plus one; two writes that read the
 * same version are the two sides of a last-writer-wins race.
 */
export class CartChecker {
  private ctx: AnomalyContext;
  private written = new Set<string>();
  private acked: AckedWrite[] = [];
  private expected: AckedWrite[] = [];
  private everSeen = new Set<string>();
  private mostSeen = -1;

  constructor(vu: number, iter: number) {
    this.ctx = { vu, iter, createdBy: null, loginAt: null };
  }

  /** A new login starts a new, empty cart: nothing from before is expected. */
  login(replica: string | null, t: number): void {
    this.ctx = { ...this.ctx, createdBy: replica, loginAt: t };
    this.written = new Set();
    this.acked = [];
    this.expected = [];
    this.everSeen = new Set();
    this.mostSeen = -1;
  }

  write(token: string, acknowledged: boolean, facts: ResponseFacts, t: number): void {
    // Even an unacknowledged write may have landed (a timeout after the commit),
    // so its token still counts as the session's own when a read shows it.
    this.written.add(token);
    if (!acknowledged) return;
    const write = { token, writtenBy: facts.replica, versionWritten: facts.version === null ? null : facts.version + 1, t };
    this.acked.push(write);
    this.expected.push(write);
  }

  read(step: string, facts: ResponseFacts, items: readonly string[] | null, t: number): ReadVerdict {
    const verdict: ReadVerdict = { stale: undefined, staleKind: null, lostUpdate: undefined, nonMonotonic: undefined, tokensSeen: null, anomalies: [] };
    const expecting = this.expected.length > 0;
    // A store error shows nothing about the session; it is counted as such elsewhere.
    if (facts.storeError) return verdict;
    if (facts.anonymous) {
      const latest = this.expected.at(-1);
      if (latest === undefined) return verdict;
      verdict.stale = true;
      verdict.staleKind = "session-missing";
      verdict.anomalies.push(this.anomaly("stale-read", step, facts, t, latest, { staleKind: "session-missing" }));
      return verdict;
    }
    if (items === null) return verdict;

    const shown = new Set(items.filter((i) => this.written.has(i)));
    verdict.tokensSeen = shown.size;
    const missing = this.expected.filter((w) => !shown.has(w.token));
    const lost = missing.filter((w) => w.versionWritten !== null && facts.version !== null && facts.version >= w.versionWritten);
    const stale = missing.filter((w) => !lost.includes(w));
    for (const w of lost) {
      const competingWrites = this.acked
        .filter((o) => o.token !== w.token && o.versionWritten === w.versionWritten)
        .map((o) => ({ token: o.token, writtenBy: o.writtenBy }));
      verdict.anomalies.push(this.anomaly("lost-update", step, facts, t, w, { tokensSeen: shown.size, competingWrites }));
    }
    this.expected = this.expected.filter((w) => !lost.includes(w));
    const latestStale = stale.at(-1);
    if (latestStale !== undefined) {
      verdict.staleKind = "older-version";
      verdict.anomalies.push(this.anomaly("stale-read", step, facts, t, latestStale, { staleKind: "older-version", tokensSeen: shown.size }));
    }
    if (expecting) {
      verdict.stale = latestStale !== undefined;
      verdict.lostUpdate = lost.length > 0;
    }

    verdict.nonMonotonic = shown.size < this.mostSeen;
    if (verdict.nonMonotonic) {
      const gone = [...this.everSeen].find((token) => !shown.has(token));
      const write = this.acked.find((w) => w.token === gone);
      const detail: DetailInput = { token: gone ?? null, tokensSeen: shown.size };
      verdict.anomalies.push(this.anomaly("non-monotonic", step, facts, t, write, detail));
    }
    this.mostSeen = Math.max(this.mostSeen, shown.size);
    for (const token of shown) this.everSeen.add(token);
    return verdict;
  }

  private anomaly(
    kind: Anomaly["kind"],
    step: string,
    facts: ResponseFacts,
    t: number,
    write: AckedWrite | undefined,
    detail: DetailInput,
  ): Anomaly {
    return buildAnomaly(kind, this.ctx, step, facts, t, {
      writtenBy: write?.writtenBy ?? null,
      token: write?.token ?? null,
      versionWritten: write?.versionWritten ?? null,
      versionSeen: facts.version,
      sinceWriteMs: write === undefined ? null : t - write.t,
      ...detail,
    });
  }
}

/** Replays a whole history: every anomaly in order, and the verdict of each read. */
export function checkCartHistory(vu: number, iter: number, events: readonly CartEvent[]): { anomalies: Anomaly[]; reads: ReadVerdict[] } {
  const checker = new CartChecker(vu, iter);
  const reads: ReadVerdict[] = [];
  for (const e of events) {
    if (e.type === "login") checker.login(e.replica, e.t);
    else if (e.type === "write") checker.write(e.token, e.acknowledged, e.facts, e.t);
    else reads.push(checker.read(e.step, e.facts, e.items, e.t));
  }
  return { anomalies: reads.flatMap((r) => r.anomalies), reads };
}
