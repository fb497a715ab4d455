import { type HistoryOp } from "../../scenarios/lib/HistoryOp";
import { type Anomaly, type AnomalyKind, type CompetingWrite, type StaleKind } from "./Anomaly";
import { type HistoryVerdict, type RateName, type SampleListener } from "./HistoryVerdict";

/** Every count, present whether or not the run had writes; the checker leaves out what does not apply. */
export type Tally = Omit<Required<HistoryVerdict>, "anomalies">;

const SESSION_OPS = new Set(["view", "write", "read"]);
export const served = (op: HistoryOp): boolean => op.op === "read" && op.outcome === "ok" && Array.isArray(op.tokens);

/**
 * One session's whole history judged (see checkHistory.ts for the rules):
 * its ops in time order (a stable sort keeps a batch's writes in the order
 * sent), counted into `v`, every anomaly handed to `emit`.
 */
export class SessionCheck {
  private login: HistoryOp | undefined;
  private readonly reads: HistoryOp[];
  private readonly acked: HistoryOp[];

  constructor(
    private readonly ops: HistoryOp[],
    private readonly v: Tally,
    private readonly emit: (a: Anomaly) => void,
    private readonly onSample?: SampleListener,
  ) {
    this.reads = ops.filter(served);
    this.acked = ops.filter((o) => o.op === "write" && o.outcome === "ok" && o.token !== undefined);
  }

  run(): void {
    let live = false;
    /** Token → when the read that found it lost was answered. */
    const lost = new Map<string, number>();
    for (const [i, op] of this.ops.entries()) {
      if (op.outcome === "error") this.add("server-error", op, {});
      if (op.op === "login") {
        this.login = op;
        live = op.outcome === "ok";
        this.count("loginFailures", op.t1, !live);
        if (!live) this.add("login-failure", op, { cookie: op.cookie ?? null });
        continue;
      }
      if (op.op === "logout") {
        live = false;
        continue;
      }
      if (!live || !SESSION_OPS.has(op.op)) continue;
      const anonymous = op.outcome === "anonymous";
      this.count("logouts", op.t1, anonymous);
      const stale = op.op === "read" && op.outcome !== "error" ? this.judgeRead(op, lost) : false;
      // A read answered anonymous that missed a write which came back later is
      // one event seen two ways: it is written once, as the stale read.
      if (anonymous && !stale) {
        const since = this.login?.t1 ?? Number.NEGATIVE_INFINITY;
        const seenBefore = this.ops.slice(0, i).some((o) => o.outcome === "ok" && SESSION_OPS.has(o.op) && o.t0 >= since && o.t1 <= op.t0);
        this.add("logout", op, { cameBack: this.ops.slice(i + 1).some((o) => o.outcome === "ok" && SESSION_OPS.has(o.op)), ...(seenBefore ? { seenBefore } : {}) });
      }
    }
    // A write's fate is known once a read after it showed it, or it was lost;
    // otherwise (the session or the run ended first) it is counted as unknown.
    for (const w of this.acked) {
      const token = w.token ?? "";
      const lostAt = lost.get(token);
      const shown = lostAt === undefined ? this.readsAfter(w.t1).find((r) => r.tokens?.includes(token)) : undefined;
      if (lostAt !== undefined) this.count("lostUpdates", lostAt, true);
      else if (shown) this.count("lostUpdates", shown.t1, false);
      else this.v.unresolved.writes++;
    }
  }

  /** Stale-read, lost-update, non-monotonic and foreign-data verdicts for one read; true when it is a stale read. */
  private judgeRead(r: HistoryOp, lost: Map<string, number>): boolean {
    const isServed = served(r);
    if (isServed) this.judgeServedRead(r);
    const expected = this.acked.filter((w) => w.t1 <= r.t0);
    if (expected.length === 0) return false;
    const shown = new Set(r.tokens ?? []);
    const missing = expected.filter((w) => !shown.has(w.token ?? ""));
    const later = this.readsAfter(r.t1);
    let staleFor: HistoryOp | undefined;
    let unresolved = false;
    for (const w of missing) {
      const token = w.token ?? "";
      if (later.some((x) => x.tokens?.includes(token))) staleFor ??= w;
      else if (later.length > 0 && !lost.has(token)) {
        lost.set(token, r.t1);
        this.add("lost-update", r, { write: w, competingWrites: this.survivors(w) });
      } else if (later.length === 0 && !lost.has(token)) {
        unresolved = true;
      }
    }
    if (unresolved) this.v.unresolved.reads++;
    this.count("staleReads", r.t1, staleFor !== undefined);
    if (!staleFor) return false;
    const staleKind: StaleKind = isServed ? "older-version" : "session-missing";
    this.v.staleReads.byKind[staleKind]++;
    this.add("stale-read", r, { write: staleFor, staleKind });
    return true;
  }

  private judgeServedRead(r: HistoryOp): void {
    const earlier = this.reads.filter((x) => x.t1 <= r.t0);
    if (earlier.length > 0) {
      // Any token a completed earlier read showed must still be there: a read
      // that drops one (even while showing as many others) went back in time.
      const seen = new Set(r.tokens ?? []);
      const before = new Set(earlier.flatMap((x) => x.tokens ?? []));
      const dropped = [...before].filter((t) => !seen.has(t));
      this.count("monotonicViolations", r.t1, dropped.length > 0);
      if (dropped.length > 0) {
        this.add("non-monotonic", r, { tokensSeen: seen.size, tokensBefore: before.size, token: dropped[0] ?? null });
      }
    }
    const foreign = r.foreign !== undefined && r.foreign.length > 0;
    this.count("foreignData", r.t1, foreign);
    if (foreign) {
      this.add("foreign-data", r, { foreign: r.foreign });
    }
  }

  /** One sample of a rate: into the tally, and to whoever charts the rates over time. */
  private count(rate: Exclude<RateName, "serverErrors">, t: number, hit: boolean): void {
    const c = this.v[rate];
    c.total++;
    if (hit) c.hits++;
    this.onSample?.(rate, t, hit);
  }

  private readsAfter(t: number): HistoryOp[] {
    return this.reads.filter((x) => x.t0 >= t);
  }

  /**
   * The writes that replaced `w`: those acknowledged concurrently with it that
   * the session kept (two tabs, last writer wins), or else the next write
   * after it, which read a session without `w` (a late write overwritten).
   */
  private survivors(w: HistoryOp): CompetingWrite[] {
    const last = this.reads.at(-1);
    const kept = new Set(last?.tokens ?? []);
    const concurrent = this.acked.filter((o) => o !== w && o.t0 < w.t1 && w.t0 < o.t1 && kept.has(o.token ?? ""));
    const next = this.acked.find((o) => o.t0 >= w.t1);
    const replacing = concurrent.length > 0 ? concurrent : next ? [next] : [];
    return replacing.map((o) => ({ token: o.token ?? "", writtenBy: o.replica }));
  }

  private add(
    kind: AnomalyKind,
    op: HistoryOp,
    detail: Partial<Pick<Anomaly, "staleKind" | "cameBack" | "seenBefore" | "competingWrites" | "tokensSeen" | "tokensBefore" | "foreign" | "cookie" | "token">> & { write?: HistoryOp },
  ): void {
    const { write, ...rest } = detail;
    const loginAt = this.login?.t1 ?? null;
    const source = write ?? (op.op === "login" ? undefined : this.login);
    this.emit({
      kind,
      session: op.s,
      vu: op.vu,
      iter: op.iter,
      step: op.step,
      t: op.t1,
      status: op.status,
      createdBy: this.login?.replica ?? null,
      readBy: op.replica,
      writtenBy: write?.replica ?? null,
      token: write?.token ?? null,
      staleKind: null,
      sinceLoginMs: loginAt === null || op.op === "login" ? null : op.t1 - loginAt,
      sinceWriteMs: write ? op.t1 - write.t1 : null,
      ...(source ? { sourceTookMs: source.t1 - source.t0 } : {}),
      cameBack: null,
      competingWrites: null,
      tokensSeen: null,
      tokensBefore: null,
      foreign: null,
      cookie: null,
      state: op.state ?? null,
      version: op.version ?? null,
      ...(op.client === undefined ? {} : { client: op.client }),
      ...(op.browser === undefined ? {} : { browser: op.browser }),
      ...rest,
    });
  }
}
