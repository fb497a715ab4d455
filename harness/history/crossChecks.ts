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
   * The app's session-version header against the history's verdicts: a miss
   * the history calls a lost update should be read at or past the version the
   * write produced, a stale read below it.
   */
  versionHeader?: Agreement;
}

const MAX_EXAMPLES = 5;

function agreement(): Agreement {
  return { compared: 0, agreed: 0, examples: [] };
}

function tally(a: Agreement, same: boolean, example: () => string): void {
  a.compared++;
  if (same) a.agreed++;
  else if (a.examples.length < MAX_EXAMPLES) a.examples.push(example());
}

/**
 * Cross-checks a history against the headers only some apps send. Nothing
 * here decides an anomaly: it says whether two independent witnesses agree,
 * which is how the checker that needs no app headers was validated on the one
 * app that has them. Pure; returns only the checks the history has data for.
 */
export function crossCheck(ops: readonly HistoryOp[], anomalies: readonly Anomaly[]): CrossChecks {
  const out: CrossChecks = {};
  const withApp = ops.filter((o) => o.appReplica !== undefined && o.appReplica !== null && o.replica !== null);
  if (withApp.length > 0) {
    const a = agreement();
    for (const o of withApp) tally(a, o.appReplica === o.replica, () => `${o.step} of ${o.s}: nginx said ${o.replica ?? "-"}, the app ${o.appReplica ?? "-"}`);
    out.replicaHeader = a;
  }
  const writes = new Map(ops.filter((o) => o.op === "write" && o.token !== undefined).map((o) => [`${o.s}\u0000${o.token ?? ""}`, o]));
  const lastRead = new Map<string, HistoryOp>();
  for (const o of ops) if (o.op === "read" && o.outcome === "ok" && (lastRead.get(o.s)?.t0 ?? -Infinity) <= o.t0) lastRead.set(o.s, o);
  const judged = anomalies.filter((x) => x.kind === "lost-update" || (x.kind === "stale-read" && x.staleKind === "older-version"));
  const produced = new Map<string, number>();
  for (const w of writes.values()) {
    if (w.outcome === "ok" && typeof w.version === "number") produced.set(`${w.s}\u0000${w.version + 1}`, (produced.get(`${w.s}\u0000${w.version + 1}`) ?? 0) + 1);
  }
  const a: Agreement = { ...agreement(), forks: 0 };
  for (const x of judged) {
    const write = writes.get(`${x.session}\u0000${x.token ?? ""}`);
    // A stale read is judged at the read; a lost write at the session's last read, which confirms it gone.
    const read = x.kind === "lost-update" ? lastRead.get(x.session) : x;
    if (write?.version === undefined || write.version === null || read?.version === undefined || read.version === null) continue;
    // The write's redirect reports the version it read; the write produced the next one.
    const version = write.version + 1;
    const byVersion = read.version >= version ? "lost-update" : "stale-read";
    if (byVersion !== x.kind && (produced.get(`${x.session}\u0000${version}`) ?? 0) > 1) {
      a.compared++;
      a.forks = (a.forks ?? 0) + 1;
      continue;
    }
    tally(a, byVersion === x.kind, () => `${x.step} of ${x.session}: history says ${x.kind}, version ${read.version ?? "?"} vs written ${version} says ${byVersion}`);
  }
  if (a.compared > 0) out.versionHeader = a;
  return out;
}
