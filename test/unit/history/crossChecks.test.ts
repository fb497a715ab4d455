import { describe, expect, it } from "vitest";
import { checkHistory } from "../../../harness/history/checkHistory";
import { crossCheck } from "../../../harness/history/crossChecks";
import { type HistoryOp } from "../../../scenarios/lib/HistoryOp";
import { SessionHistory } from "./historyBuilder";

/** Adds the sample app's headers: its replica name and the session version each answer read. */
function withHeaders(ops: HistoryOp[], versions: Record<string, number>, appReplica: (op: HistoryOp) => string | null = (o) => o.replica): HistoryOp[] {
  return ops.map((o) => ({ ...o, appReplica: appReplica(o), version: versions[o.step] ?? null }));
}

function check(ops: HistoryOp[]) {
  return crossCheck(ops, checkHistory(ops).anomalies);
}

describe("crossCheck", () => {
  it("has nothing to say about an app without the headers", () => {
    expect(check(new SessionHistory().login().write(1).read("read#1", []).read("read#final", [1]).ops)).toEqual({});
  });

  it("the replica header agrees with nginx, or the disagreement is shown", () => {
    const ops = new SessionHistory().login().view("dashboard#1", "app-2").ops;
    expect(check(withHeaders(ops, {})).replicaHeader).toEqual({ compared: 2, agreed: 2, examples: [] });
    const wrong = check(withHeaders(ops, {}, (o) => (o.step === "dashboard#1" ? "app-3" : o.replica))).replicaHeader;
    expect(wrong).toMatchObject({ compared: 2, agreed: 1 });
    expect(wrong?.examples[0]).toMatch(/dashboard#1 .* nginx said app-2, the app app-3/);
  });

  it("a stale read saw a version below the one its write produced", () => {
    // write#1 read v1 (produced v2); read#1 saw v1: not landed yet; the final read shows it.
    const stale = new SessionHistory(1).login().write(1).read("read#1", []).read("read#final", [1]).ops;
    expect(check(withHeaders(stale, { "write#1": 1, "read#1": 1, "read#final": 2 })).versionHeader).toMatchObject({ compared: 1, agreed: 1 });
    const contradicted = check(withHeaders(stale, { "write#1": 1, "read#1": 2, "read#final": 2 })).versionHeader;
    expect(contradicted).toMatchObject({ compared: 1, agreed: 0 });
    expect(contradicted?.examples[0]).toMatch(/a stale read, yet it saw version 2, at or past the 2 its write produced/);
  });

  it("says how a lost write was lost: overwritten (the version passed it) or never landed", () => {
    // Two tabs both read v1 and produced v2; the last read is at v2 without 1a: overwritten.
    const overwritten = new SessionHistory(2).login().writePair("1a", "1b").read("read#1", ["1b"]).read("read#final", ["1b"]).ops;
    expect(check(withHeaders(overwritten, { "tabs#1a": 1, "tabs#1b": 1, "read#1": 2, "read#final": 2 }))).toMatchObject({ lostUpdates: { overwritten: 1, neverLanded: 0 } });
    // write#1 read v1; every later read stays at v1: it never landed.
    const neverLanded = new SessionHistory(3).login().write(1).read("read#1", []).read("read#final", []).ops;
    const checks = check(withHeaders(neverLanded, { "write#1": 1, "read#1": 1, "read#final": 1 }));
    expect(checks.lostUpdates).toEqual({ overwritten: 0, neverLanded: 1 });
    expect(checks.versionHeader).toBeUndefined();
  });

  it("a fork (two writes producing the same version) explains a disagreement; the tokens decide", () => {
    // Measured on the sample app (after-response): write#3 is late; write#4 builds v4 without it;
    // read#4 sees that v4; write#3 lands over it, so 3 comes back and 4 is gone.
    const ops = new SessionHistory().login().write(3).read("read#3", []).write(4).read("read#4", [4]).read("read#5", [3]).read("read#final", [3]).ops;
    const versioned = withHeaders(ops, { "write#3": 3, "read#3": 3, "write#4": 3, "read#4": 4, "read#5": 4, "read#final": 4 });
    const kinds = checkHistory(versioned).anomalies.map((a) => `${a.step} ${a.kind} ${a.token ?? ""}`);
    expect(kinds.sort()).toEqual([
      "read#3 stale-read tok-1-0-3",
      "read#4 stale-read tok-1-0-3",
      "read#5 lost-update tok-1-0-4",
      "read#5 non-monotonic tok-1-0-4",
      "read#final non-monotonic tok-1-0-4",
    ]);
    // read#4 saw version 4 without token 3 (so "landed" by the header), but both writes produced v4.
    expect(check(versioned).versionHeader).toEqual({ compared: 2, agreed: 1, forks: 1, examples: [] });
    expect(check(versioned).lostUpdates).toEqual({ overwritten: 1, neverLanded: 0 });
  });
});
