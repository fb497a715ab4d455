import { describe, expect, it } from "vitest";
import { classifyResponse, headerValue, locationPath, type ResponseLike } from "../../../scenarios/lib/classifyResponse";

// The shim: the two fields of a k6 Response the classification reads.
const res = (status: number, headers: Record<string, string> = {}): ResponseLike => ({ status, headers });

describe("classifyResponse", () => {
  it("reads a served dashboard", () => {
    const facts = classifyResponse(res(200, { "X-Replica": "app-2", "X-Session-State": "hit", "X-Session-Version": "3" }));
    expect(facts).toEqual({
      status: 200,
      replica: "app-2",
      sessionState: "hit",
      version: 3,
      location: null,
      storeError: false,
      anonymous: false,
    });
  });

  it("calls a redirect to /login anonymous, however the Location is written", () => {
    for (const location of ["/login", "http://127.0.0.1:8080/login", "/login?next=%2Fdashboard"]) {
      expect(classifyResponse(res(302, { Location: location })).anonymous).toBe(true);
    }
    expect(classifyResponse(res(302, { Location: "/dashboard" })).anonymous).toBe(false);
  });

  it("calls a miss or none anonymous even without a redirect", () => {
    expect(classifyResponse(res(200, { "X-Session-State": "miss" })).anonymous).toBe(true);
    expect(classifyResponse(res(200, { "X-Session-State": "NONE" })).anonymous).toBe(true);
  });

  it("reads a store failure as a store error, never as anonymous", () => {
    const by503 = classifyResponse(res(503, { "X-Session-State": "miss" }));
    expect(by503).toMatchObject({ storeError: true, anonymous: false });
    expect(classifyResponse(res(302, { "X-Session-State": "error", Location: "/login" }))).toMatchObject({
      storeError: true,
      anonymous: false,
    });
  });

  it("keeps what it cannot interpret visible", () => {
    const facts = classifyResponse(res(0));
    expect(facts).toMatchObject({ replica: null, sessionState: null, version: null, storeError: false, anonymous: false });
    expect(classifyResponse(res(200, { "X-Session-State": "weird", "X-Session-Version": "v2" }))).toMatchObject({
      sessionState: "weird",
      version: null,
    });
  });
});

describe("headerValue", () => {
  it("matches names case-insensitively", () => {
    expect(headerValue(res(200, { "x-replica": "app-1" }), "X-Replica")).toBe("app-1");
    expect(headerValue(res(200), "X-Replica")).toBeUndefined();
  });
});

describe("locationPath", () => {
  it.each([
    ["/login", "/login"],
    ["https://example.test:8443/login?x=1", "/login"],
    ["/a/b#frag", "/a/b"],
    ["http://host", "/"],
  ])("%s → %s", (location, path) => expect(locationPath(location)).toBe(path));
});
