import { causeOf } from "../../../harness/report/attributeAnomalies";
import { describe, expect, it } from "vitest";
import { checkHistory } from "../../../harness/history/checkHistory";
import { SessionHistory } from "./historyBuilder";

const kinds = (h: SessionHistory | SessionHistory[]): string[] =>
  checkHistory((Array.isArray(h) ? h : [h]).flatMap((s) => s.ops)).anomalies.map((a) => `${a.kind} ${a.step}`);

describe("checkHistory: histories that must not be flagged", () => {
  it("a login, views and a logout all served", () => {
    const h = new SessionHistory().login().view("dashboard#1", "app-2").view("dashboard#2", "app-3").logout();
    const v = checkHistory(h.ops);
    expect(v.anomalies).toEqual([]);
    expect(v.logouts).toEqual({ hits: 0, total: 2 });
    expect(v.staleReads).toBeUndefined();
  });

  it("every write shown by the read that follows it, on any replica", () => {
    const h = new SessionHistory().login().write(1, "app-2").read("read#1", [1], "app-3").write(2, "app-3").read("read#2", [1, 2], "app-1").read("read#final", [1, 2]).logout();
    const v = checkHistory(h.ops);
    expect(v.anomalies).toEqual([]);
    expect(v.staleReads).toMatchObject({ hits: 0, total: 3 });
    expect(v.lostUpdates).toEqual({ hits: 0, total: 2 });
    expect(v.unresolved).toEqual({ writes: 0, reads: 0 });
  });

  it("a write that was not acknowledged is not looked for", () => {
    const h = new SessionHistory().login().write(1, "app-1", false).read("read#1", []).read("read#final", []).logout();
    expect(kinds(h)).toEqual(["server-error write#1"]);
    expect(checkHistory(h.ops).lostUpdates).toEqual({ hits: 0, total: 0 });
  });

  it("a read that began before the write was acknowledged may miss it", () => {
    const h = new SessionHistory().login();
    h.ops.push({ ...h.ops[0]!, op: "write", step: "write#1", t0: 2_000_000, t1: 2_000_050, status: 302, token: "tok-1-0-1" });
    h.ops.push({ ...h.ops[0]!, op: "read", step: "read#1", t0: 2_000_010, t1: 2_000_020, status: 200, tokens: [] });
    h.ops.push({ ...h.ops[0]!, op: "read", step: "read#final", t0: 2_000_100, t1: 2_000_110, status: 200, tokens: ["tok-1-0-1"] });
    expect(kinds(h)).toEqual([]);
  });

  it("anonymous answers after a failed login, or after logout, are no logouts", () => {
    const failed = new SessionHistory(1, 0).login("app-1", false).view("dashboard#1", "app-2", "anonymous").logout();
    const after = new SessionHistory(2, 0).login().logout().view("dashboard#1", "app-1", "anonymous");
    expect(kinds([failed, after])).toEqual(["login-failure login"]);
    expect(checkHistory([...failed.ops, ...after.ops]).logouts.hits).toBe(0);
  });

  it("sessions are judged apart: another session's writes are never expected", () => {
    const a = new SessionHistory(1, 0).login().write(1).read("read#1", [1]).read("read#final", [1]);
    const b = new SessionHistory(2, 0, 1_000_003).login().read("read#1", []).read("read#final", []);
    expect(kinds([a, b])).toEqual([]);
  });
});

describe("checkHistory: anomalies", () => {
  it("an anonymous answer while the session is live is a logout; it came back if a later request was served", () => {
    const h = new SessionHistory().login("app-1").view("dashboard#1", "app-2", "anonymous").view("dashboard#2", "app-1").logout();
    const v = checkHistory(h.ops);
    expect(v.logouts).toEqual({ hits: 1, total: 2 });
    expect(v.anomalies[0]).toMatchObject({ kind: "logout", createdBy: "app-1", readBy: "app-2", cameBack: true });
    expect(v.anomalies[0]).not.toHaveProperty("seenBefore");
  });

  it("a logout after the session had already been served says so: it had landed, so it was not a write not yet visible", () => {
    const h = new SessionHistory().login("app-1").view("dashboard#1", "app-1").view("dashboard#2", "app-2", "anonymous").view("dashboard#3", "app-1").logout();
    const [logout] = checkHistory(h.ops).anomalies;
    expect(logout).toMatchObject({ kind: "logout", cameBack: true, seenBefore: true });
    expect(causeOf(logout!, { storeShared: true, faults: [] })).toBe("unknown");
  });

  it("a read missing a write that a later read shows is a stale read (older-version), naming writer and reader", () => {
    const h = new SessionHistory().login().write(1, "app-1").read("read#1", [], "app-2").read("read#final", [1], "app-3").logout();
    const v = checkHistory(h.ops);
    expect(kinds(h)).toEqual(["stale-read read#1"]);
    expect(v.anomalies[0]).toMatchObject({ staleKind: "older-version", writtenBy: "app-1", readBy: "app-2", token: "tok-1-0-1", sinceWriteMs: 10 });
    expect(v.staleReads).toEqual({ hits: 1, total: 2, byKind: { "session-missing": 0, "older-version": 1 } });
    expect(v.lostUpdates).toEqual({ hits: 0, total: 1 });
  });

  it("an anonymous read of a write that comes back later is one stale read (session-missing), counted as a logout too", () => {
    const h = new SessionHistory().login("app-1").write(1, "app-1").read("read#1", null, "app-2").read("read#final", [1], "app-1").logout();
    const v = checkHistory(h.ops);
    expect(kinds(h)).toEqual(["stale-read read#1"]);
    expect(v.anomalies[0]?.staleKind).toBe("session-missing");
    expect(v.logouts.hits).toBe(1);
  });

  it("a write no later read shows, though later reads were served, is a lost update (once), naming what replaced it", () => {
    const h = new SessionHistory().login().writePair("1a", "1b").read("read#1", ["1b"]).read("read#final", ["1b"]).logout();
    const v = checkHistory(h.ops);
    expect(kinds(h)).toEqual(["lost-update read#1"]);
    expect(v.anomalies[0]).toMatchObject({ token: "tok-1-0-1a", writtenBy: "app-1", competingWrites: [{ token: "tok-1-0-1b", writtenBy: "app-2" }] });
    expect(v.lostUpdates).toEqual({ hits: 1, total: 2 });
    expect(v.staleReads?.hits).toBe(0);
  });

  it("a late write overwritten by the next one: its miss is not a stale read, the write is lost", () => {
    const h = new SessionHistory().login().write(1).read("read#1", []).write(2).read("read#2", [2]).read("read#final", [2]).logout();
    expect(kinds(h)).toEqual(["lost-update read#1"]);
    expect(checkHistory(h.ops).anomalies[0]?.competingWrites).toEqual([{ token: "tok-1-0-2", writtenBy: "app-1" }]);
  });

  it("a token seen, then gone: non-monotonic and lost", () => {
    const h = new SessionHistory().login().write(1).read("read#1", [1]).read("read#2", []).read("read#final", []).logout();
    expect(kinds(h).sort()).toEqual(["lost-update read#2", "non-monotonic read#2", "non-monotonic read#final"]);
    expect(checkHistory(h.ops).monotonicViolations).toEqual({ hits: 2, total: 2 });
  });

  it("a miss with no served read after it is unresolved: neither stale nor lost", () => {
    const h = new SessionHistory().login().write(1).read("read#final", []).logout();
    const v = checkHistory(h.ops);
    expect(v.anomalies).toEqual([]);
    expect(v.unresolved).toEqual({ writes: 1, reads: 1 });
    expect(v.lostUpdates).toEqual({ hits: 0, total: 0 });
  });

  it("another session's token in a read is foreign data", () => {
    const h = new SessionHistory().login().readForeign("read#1", ["tok-9-3-1"]).logout();
    expect(kinds(h)).toEqual(["foreign-data read#1"]);
    expect(checkHistory(h.ops).anomalies[0]?.foreign).toEqual(["tok-9-3-1"]);
  });

  it("5xx answers are server errors wherever they happen, and never logouts", () => {
    const h = new SessionHistory().login().view("dashboard#1", "app-2", "error").logout();
    const v = checkHistory(h.ops);
    expect(kinds(h)).toEqual(["server-error dashboard#1"]);
    expect(v.serverErrors).toEqual({ hits: 1, total: 3 });
    expect(v.logouts.hits).toBe(0);
  });

  it("counts answers per replica as nginx named them", () => {
    const h = new SessionHistory().login("app-1").view("d#1", "app-2").view("d#2", "app-2").logout("app-3");
    expect(checkHistory(h.ops).replicaResponses).toEqual({ "app-1": 1, "app-2": 2, "app-3": 1 });
  });
});
