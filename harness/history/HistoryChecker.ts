import { type HistoryOp } from "../../scenarios/lib/HistoryOp";
import { type Anomaly } from "./Anomaly";
import { type HistoryVerdict, type RateCount, type SampleListener } from "./HistoryVerdict";
import { DurationHistogram } from "./DurationHistogram";
import { SessionCheck, type Tally } from "./SessionCheck";

const count = (): RateCount => ({ hits: 0, total: 0 });

/**
 * The history checker fed one operation at a time, in file order, so a run
 * of any length is checked in bounded memory: a session is judged (and
 * forgotten) once it is over, which is when its logout arrives or its VU
 * starts another iteration; whatever is still open is judged at finish().
 * Every anomaly goes to `emit` as soon as it is found; what is kept are exact
 * counts. checkHistory() is the same over an array.
 */
export class HistoryChecker {
  private readonly v: Tally = {
    logouts: count(),
    loginFailures: count(),
    serverErrors: count(),
    staleReads: { ...count(), byKind: { "session-missing": 0, "older-version": 0 } },
    lostUpdates: count(),
    monotonicViolations: count(),
    foreignData: count(),
    unresolved: { writes: 0, reads: 0 },
    replicaResponses: {},
    requestTimes: undefined,
    spanMs: 0,
  };
  private readonly open = new Map<string, HistoryOp[]>();
  /** The session each VU is in, to close the previous one when it moves on. */
  private readonly current = new Map<number, string>();
  private readonly times = new DurationHistogram();
  private first = Infinity;
  private last = -Infinity;
  private writes = false;
  private reads = false;

  constructor(
    private readonly emit: (a: Anomaly) => void,
    /** Told each finished session with its ops and anomalies (cross-checks that need a whole session). */
    private readonly onSession?: (ops: readonly HistoryOp[], anomalies: readonly Anomaly[]) => void,
    /** Told every sample of every rate, when it is counted (the timeline's per-second rates). */
    private readonly onSample?: SampleListener,
  ) {}

  add(op: HistoryOp): void {
    this.times.add(op.t1 - op.t0);
    this.first = Math.min(this.first, op.t0);
    this.last = Math.max(this.last, op.t1);
    this.writes ||= op.op === "write";
    this.reads ||= op.op === "read";
    this.v.serverErrors.total++;
    if (op.outcome === "error") this.v.serverErrors.hits++;
    this.onSample?.("serverErrors", op.t1, op.outcome === "error");
    const replica = op.replica ?? "none";
    this.v.replicaResponses[replica] = (this.v.replicaResponses[replica] ?? 0) + 1;
    const previous = this.current.get(op.vu);
    if (previous !== undefined && previous !== op.s) this.close(previous);
    this.current.set(op.vu, op.s);
    const list = this.open.get(op.s) ?? [];
    list.push(op);
    this.open.set(op.s, list);
    if (op.op === "logout") this.close(op.s);
  }

  /** Sessions not yet judged: bounded by the number of VUs. */
  get openSessions(): number {
    return this.open.size;
  }

  finish(): Omit<HistoryVerdict, "anomalies"> {
    for (const s of [...this.open.keys()]) this.close(s);
    const { staleReads, lostUpdates, monotonicViolations, foreignData, ...always } = this.v;
    return {
      ...always,
      requestTimes: this.times.stats(),
      spanMs: this.times.count === 0 ? 0 : this.last - this.first,
      ...(this.writes ? { staleReads, lostUpdates } : {}),
      ...(this.reads ? { monotonicViolations, foreignData } : {}),
    };
  }

  private close(s: string): void {
    const ops = this.open.get(s);
    if (ops === undefined) return;
    this.open.delete(s);
    const sorted = ops.sort((a, b) => a.t0 - b.t0);
    const found: Anomaly[] = [];
    new SessionCheck(
      sorted,
      this.v,
      (a) => {
        found.push(a);
        this.emit(a);
      },
      this.onSample,
    ).run();
    this.onSession?.(sorted, found);
  }
}
