import { describe, expect, it } from "vitest";
import { ANOMALY_PREFIX, buildAnomaly, formatAnomaly, parseAnomaly, type Anomaly } from "../../../scenarios/lib/Anomaly";
import { classifyResponse } from "../../../scenarios/lib/classifyResponse";

const anomaly: Anomaly = buildAnomaly(
  "logout",
  { vu: 2, iter: 5, createdBy: "app-1", loginAt: 10_000 },
  "dashboard#3",
  classifyResponse({ status: 302, headers: { Location: "/login", "X-Replica": "app-2", "X-Session-State": "miss", "X-Session-Version": "0" } }),
  10_042,
);

describe("Anomaly", () => {
  it("builds every field the report attributes by", () => {
    expect(anomaly).toEqual({
      kind: "logout",
      vu: 2,
      iter: 5,
      step: "dashboard#3",
      createdBy: "app-1",
      answeredBy: "app-2",
      sessionState: "miss",
      status: 302,
      version: 0,
      t: 10_042,
      sinceLoginMs: 42,
      staleKind: null,
      writtenBy: null,
      readBy: "app-2",
      token: null,
      versionWritten: null,
      versionSeen: null,
      tokensSeen: null,
      sinceWriteMs: null,
      competingWrites: null,
    });
  });

  it("carries the cart fields, and readBy always follows the response", () => {
    const facts = classifyResponse({ status: 200, headers: { "X-Replica": "app-3", "X-Session-State": "hit", "X-Session-Version": "4" } });
    const ctx = { vu: 1, iter: 2, createdBy: "app-1", loginAt: 0 };
    const competingWrites = [{ token: "1-2-1a", writtenBy: "app-1" }];
    const a = buildAnomaly("lost-update", ctx, "read#1", facts, 50, { token: "1-2-1b", writtenBy: "app-2", versionWritten: 4, competingWrites });
    expect(a).toMatchObject({ kind: "lost-update", answeredBy: "app-3", readBy: "app-3", token: "1-2-1b", versionWritten: 4, competingWrites });
    expect(parseAnomaly(formatAnomaly(a))).toEqual(a);
  });

  it("reads a line written before the cart fields existed, filling them with null", () => {
    const { staleKind: _s, writtenBy: _w, readBy: _r, token: _t, versionWritten: _vw, versionSeen: _vs, tokensSeen: _ts, sinceWriteMs: _sw, competingWrites: _c, ...old } = anomaly;
    expect(parseAnomaly(ANOMALY_PREFIX + JSON.stringify(old))).toEqual(anomaly);
  });

  it("has no session age without a login", () => {
    const a = buildAnomaly("store-error", { vu: 1, iter: 0, createdBy: null, loginAt: null }, "login", classifyResponse({ status: 503, headers: {} }), 5);
    expect(a).toMatchObject({ createdBy: null, answeredBy: null, sinceLoginMs: null, version: null });
  });

  it("round-trips through its console line", () => {
    const line = formatAnomaly(anomaly);
    expect(line.startsWith(ANOMALY_PREFIX)).toBe(true);
    expect(parseAnomaly(line)).toEqual(anomaly);
    expect(parseAnomaly(`  ${line}`)).toEqual(anomaly);
  });

  it.each([
    ["other console output", "hello"],
    ["a truncated line", formatAnomaly(anomaly).slice(0, 40)],
    ["an unknown kind", ANOMALY_PREFIX + JSON.stringify({ ...anomaly, kind: "gremlin" })],
    ["a wrongly typed field", ANOMALY_PREFIX + JSON.stringify({ ...anomaly, vu: "2" })],
    ["a missing field", ANOMALY_PREFIX + JSON.stringify({ ...anomaly, t: undefined })],
    ["not an object", ANOMALY_PREFIX + "[1]"],
    ["an unknown stale kind", ANOMALY_PREFIX + JSON.stringify({ ...anomaly, kind: "stale-read", staleKind: "vague" })],
    ["a malformed competing write", ANOMALY_PREFIX + JSON.stringify({ ...anomaly, competingWrites: [{ token: 1 }] })],
  ])("ignores %s", (_what, text) => {
    expect(parseAnomaly(text)).toBeUndefined();
  });
});
