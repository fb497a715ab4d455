import { describe, expect, it } from "vitest";
import { acknowledgedWrite, checkCartHistory, type CartEvent } from "../../../scenarios/lib/CartChecker";
import { classifyResponse, type ResponseFacts } from "../../../scenarios/lib/classifyResponse";

// The shim: the app's answers as the headers it sets, classified as the scenarios do.
const facts = (status: number, headers: Record<string, string>): ResponseFacts => classifyResponse({ status, headers });
const login = (replica: string, t = 0): CartEvent => ({ type: "login", replica, t });
/** POST /cart acknowledged: 302 to /cart, carrying the version the write read. */
const ack = (token: string, replica: string, versionRead: number, t: number): CartEvent => ({
  type: "write",
  step: `write:${token}`,
  token,
  acknowledged: true,
  facts: facts(302, { Location: "/cart", "X-Replica": replica, "X-Session-State": "hit", "X-Session-Version": String(versionRead) }),
  t,
});
const busy = (token: string, replica: string, t: number): CartEvent => ({
  type: "write",
  step: `write:${token}`,
  token,
  acknowledged: false,
  facts: facts(503, { "X-Replica": replica, "X-Session-State": "error" }),
  t,
});
const read = (step: string, replica: string, version: number, items: string[], t: number): CartEvent => ({
  type: "read",
  step,
  facts: facts(200, { "X-Replica": replica, "X-Session-State": "hit", "X-Session-Version": String(version) }),
  items,
  t,
});
const anonymousRead = (step: string, replica: string, t: number): CartEvent => ({
  type: "read",
  step,
  facts: facts(302, { Location: "/login", "X-Replica": replica, "X-Session-State": "miss", "X-Session-Version": "0" }),
  items: null,
  t,
});

const check = (events: CartEvent[]) => checkCartHistory(3, 9, events);

describe("CartChecker", () => {
  it("is content with a read that shows the write, on the replica that took it", () => {
    const { reads, anomalies } = check([login("app-1"), ack("t1", "app-1", 1, 10), read("read#1", "app-1", 2, ["t1"], 12)]);
    expect(reads).toEqual([{ stale: false, staleKind: null, lostUpdate: false, nonMonotonic: false, tokensSeen: 1, anomalies: [] }]);
    expect(anomalies).toEqual([]);
  });

  it("calls a session shown without the write, at an older version, a stale read of kind older-version", () => {
    const { reads, anomalies } = check([login("app-1"), ack("t1", "app-1", 1, 10), read("read#1", "app-2", 1, [], 13)]);
    expect(reads[0]).toMatchObject({ stale: true, staleKind: "older-version", lostUpdate: false, nonMonotonic: false });
    expect(anomalies).toEqual([
      expect.objectContaining({
        kind: "stale-read",
        staleKind: "older-version",
        vu: 3,
        iter: 9,
        step: "read#1",
        createdBy: "app-1",
        writtenBy: "app-1",
        readBy: "app-2",
        answeredBy: "app-2",
        token: "t1",
        versionWritten: 2,
        versionSeen: 1,
        tokensSeen: 0,
        sinceWriteMs: 3,
        sinceLoginMs: 13,
        competingWrites: null,
      }),
    ]);
  });

  it("calls an anonymous read after an acknowledged write a stale read of kind session-missing", () => {
    const { reads, anomalies } = check([login("app-1"), ack("t1", "app-1", 1, 10), anonymousRead("read#1", "app-3", 11)]);
    expect(reads[0]).toMatchObject({ stale: true, staleKind: "session-missing", lostUpdate: undefined, nonMonotonic: undefined });
    expect(anomalies).toEqual([
      expect.objectContaining({ kind: "stale-read", staleKind: "session-missing", writtenBy: "app-1", readBy: "app-3", versionSeen: 0, tokensSeen: null }),
    ]);
  });

  it("names the lost token and both writers when two acknowledged writes built on one version", () => {
    const { reads, anomalies } = check([
      login("app-1"),
      ack("a", "app-1", 1, 20),
      ack("b", "app-2", 1, 21),
      read("read#1", "app-3", 2, ["a"], 25),
    ]);
    expect(reads[0]).toMatchObject({ stale: false, staleKind: null, lostUpdate: true, tokensSeen: 1 });
    expect(anomalies).toEqual([
      expect.objectContaining({
        kind: "lost-update",
        token: "b",
        writtenBy: "app-2",
        readBy: "app-3",
        versionWritten: 2,
        versionSeen: 2,
        sinceWriteMs: 4,
        competingWrites: [{ token: "a", writtenBy: "app-1" }],
      }),
    ]);
  });

  it("reports a lost write once, then stops expecting it", () => {
    const { reads, anomalies } = check([
      login("app-1"),
      ack("a", "app-1", 1, 20),
      ack("b", "app-2", 1, 21),
      read("read#1", "app-3", 2, ["a"], 25),
      ack("c", "app-1", 2, 30),
      read("read#2", "app-2", 3, ["a", "c"], 31),
    ]);
    expect(reads[1]).toMatchObject({ stale: false, lostUpdate: false, nonMonotonic: false });
    expect(anomalies.map((a) => a.kind)).toEqual(["lost-update"]);
  });

  it("turns a stale read into a lost update once a later version still lacks the write", () => {
    const { reads, anomalies } = check([
      login("app-1"),
      ack("t1", "app-1", 1, 10),
      read("read#1", "app-2", 1, [], 11),
      // The next write read version 1 too: t1 had not landed, and t2 replaced it.
      ack("t2", "app-3", 1, 20),
      read("read#2", "app-1", 2, ["t2"], 21),
    ]);
    expect(reads.map((r) => [r.stale, r.lostUpdate])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(anomalies.map((a) => [a.kind, a.token])).toEqual([
      ["stale-read", "t1"],
      ["lost-update", "t1"],
    ]);
    expect(anomalies[1]?.competingWrites).toEqual([{ token: "t2", writtenBy: "app-3" }]);
  });

  it("flags a later read that shows fewer of the session's tokens than an earlier one", () => {
    const { reads, anomalies } = check([
      login("app-1"),
      ack("t1", "app-1", 1, 10),
      read("read#1", "app-1", 2, ["t1"], 11),
      ack("t2", "app-1", 2, 20),
      read("read#2", "app-2", 1, [], 21),
    ]);
    expect(reads[1]).toMatchObject({ stale: true, staleKind: "older-version", nonMonotonic: true, tokensSeen: 0 });
    expect(anomalies.map((a) => a.kind)).toEqual(["stale-read", "non-monotonic"]);
    expect(anomalies[0]).toMatchObject({ token: "t2", versionWritten: 3 });
    expect(anomalies[1]).toMatchObject({ token: "t1", writtenBy: "app-1", readBy: "app-2", tokensSeen: 0, versionSeen: 1 });
  });

  it("does not expect a write answered 503", () => {
    const alone = check([login("app-1"), busy("x", "app-2", 10), read("read#1", "app-1", 1, [], 11)]);
    expect(alone.reads[0]).toMatchObject({ stale: undefined, lostUpdate: undefined, nonMonotonic: false });
    expect(alone.anomalies).toEqual([]);
    const pair = check([login("app-1"), ack("a", "app-1", 1, 10), busy("b", "app-2", 10), read("read#1", "app-3", 2, ["a"], 12)]);
    expect(pair.reads[0]).toMatchObject({ stale: false, lostUpdate: false });
    expect(pair.anomalies).toEqual([]);
  });

  it("counts the session's own tokens only, and judges nothing from a store error", () => {
    const storeDown: CartEvent = { type: "read", step: "read#1", facts: facts(503, { "X-Session-State": "error" }), items: null, t: 11 };
    const { reads } = check([login("app-1"), ack("a", "app-1", 1, 10), storeDown, read("read#2", "app-1", 2, ["a", "stranger"], 12)]);
    expect(reads[0]).toMatchObject({ stale: undefined, lostUpdate: undefined, nonMonotonic: undefined, anomalies: [] });
    expect(reads[1]).toMatchObject({ stale: false, tokensSeen: 1 });
  });

  it("starts over at a new login", () => {
    const { reads } = check([login("app-1"), ack("a", "app-1", 1, 10), login("app-2", 20), read("read#1", "app-2", 1, [], 21)]);
    expect(reads[0]).toMatchObject({ stale: undefined, lostUpdate: undefined, nonMonotonic: false });
  });
});

describe("acknowledgedWrite", () => {
  it("takes only a redirect to /cart as the promise of a write", () => {
    expect(acknowledgedWrite(facts(302, { Location: "/cart", "X-Session-State": "hit" }))).toBe(true);
    expect(acknowledgedWrite(facts(302, { Location: "/login", "X-Session-State": "miss" }))).toBe(false);
    expect(acknowledgedWrite(facts(503, { "X-Session-State": "error" }))).toBe(false);
    expect(acknowledgedWrite(facts(400, {}))).toBe(false);
  });
});
