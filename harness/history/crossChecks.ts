import { type HistoryOp } from "../../scenarios/lib/HistoryOp";
import { type Anomaly } from "./Anomaly";

/** How often an app's own header told the same story as the harness. */
export interface Agreement {
  compared: number;
  agreed: number;
  /**
   * Disagreements the history itself explains: two acknowledged writes of the
   * session produced the same version (a fork), so the header cannot tell the
   * two states apart while the tokens can.
   */
  forks?: number;
  /** A few of the unexplained disagreements, for the report. */
  examples: string[];
}

export interface CrossChecks {
  /** The app's replica header against the harness's nginx, per response. */
  replicaHeader?: Agreement;
  /**
   * The app's session-version header against the history's stale reads: the
   * read saw a version below the one the missed write produced (it had not
   * landed yet), unless two writes produced that version (a fork).
   */
  versionHeader?: Agreement;
  /**
   * What the version header adds to the history's lost updates (it cannot
   * contradict them: the token is missing either way): at the session's last
   * read, the version had passed the write's (a later write overwrote it) or
   * never reached it (the write never landed).
   */
  lostUpdates?: { overwritten: number; neverLanded: number };
}

const MAX_EXAMPLES = 5;

function tally(a: Agreement, same: boolean, example: () => string): void {
  a.compared++;
  if (same) a.agreed++;
  else if (a.examples.length < MAX_EXAMPLES) a.examples.push(example());
}

/**
 * Cross-checks a history against the headers only some apps send, one
 * operation and one finished session at a time (so any run fits in memory).
 * Nothing here decides an anomaly: it says whether two independent witnesses
 * agree, which is how the checker that needs no app headers was validated on
 * the one app that has them.
 */
export class CrossChecker {
  private readonly replica: Agreement = { compared: 0, agreed: 0, examples: [] };
  private readonly version: Agreement = { compared: 0, agreed: 0, forks: 0, examples: [] };
  private readonly lost = { overwritten: 0, neverLanded: 0 };

  addOp(o: HistoryOp): void {
    if (o.appReplica === undefined || o.appReplica === null || o.replica === null) return;
    tally(this.replica, o.appReplica === o.replica, () => `${o.step} of ${o.s}: nginx said ${o.replica ?? "-"}, the app ${o.appReplica ?? "-"}`);
  }

  /** One whole session (its ops in time order) and the anomalies the checker found in it. */
  addSession(ops: readonly HistoryOp[], anomalies: readonly Anomaly[]): void {
    const writes = new Map(ops.filter((o) => o.op === "write" && o.token !== undefined).map((o) => [o.token ?? "", o]));
    const lastRead = ops.filter((o) => o.op === "read" && o.outcome === "ok").at(-1);
    const produced = new Map<number, number>();
    for (const w of writes.values()) if (w.outcome === "ok" && typeof w.version === "number") produced.set(w.version + 1, (produced.get(w.version + 1) ?? 0) + 1);
    for (const x of anomalies) {
      if (x.kind !== "lost-update" && !(x.kind === "stale-read" && x.staleKind === "older-version")) continue;
      const write = writes.get(x.token ?? "");
      // A stale read is judged at the read; a lost write at the session's last read, which confirms it gone.
      const seen = x.kind === "lost-update" ? lastRead?.version : x.version;
      if (typeof write?.version !== "number" || typeof seen !== "number") continue;
      // The write's redirect reports the version it read; the write produced the next one.
      const version = write.version + 1;
      if (x.kind === "lost-update") {
        if (seen >= version) this.lost.overwritten++;
        else this.lost.neverLanded++;
        continue;
      }
      if (seen >= version && (produced.get(version) ?? 0) > 1) {
        this.version.compared++;
        this.version.forks = (this.version.forks ?? 0) + 1;
        continue;
      }
      tally(this.version, seen < version, () => `${x.step} of ${x.session}: a stale read, yet it saw version ${seen}, at or past the ${version} its write produced`);
    }
  }

  /** Only the checks the history had data for. */
  result(): CrossChecks {
    return {
      ...(this.replica.compared > 0 ? { replicaHeader: this.replica } : {}),
      ...(this.version.compared > 0 ? { versionHeader: this.version } : {}),
      ...(this.lost.overwritten + this.lost.neverLanded > 0 ? { lostUpdates: { ...this.lost } } : {}),
    };
  }
}

/** The same over a whole history in memory. Pure. */
export function crossCheck(ops: readonly HistoryOp[], anomalies: readonly Anomaly[]): CrossChecks {
  const checker = new CrossChecker();
  const sessions = new Map<string, HistoryOp[]>();
  for (const o of ops) {
    checker.addOp(o);
    sessions.set(o.s, [...(sessions.get(o.s) ?? []), o]);
  }
  for (const [s, list] of sessions) checker.addSession(list.sort((a, b) => a.t0 - b.t0), anomalies.filter((a) => a.session === s));
  return checker.result();
}
