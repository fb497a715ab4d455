import { describe, expect, it } from "vitest";
import { classifyResponse, headerValue, locationPath, meets } from "../../../scenarios/lib/classifyResponse";
import { BODY_ANONYMOUS, PHP_LIKE, res, SAMPLE } from "./contracts";

const URL = "http://127.0.0.1:8080/cart";

describe("classifyResponse", () => {
  it("reads a served page: nginx's replica, and the app's own headers where declared", () => {
    const facts = classifyResponse(res(200, { "X-Harness-Replica": "app-2", "X-Replica": "app-2", "X-Session-State": "hit", "X-Session-Version": "3" }), SAMPLE, URL);
    expect(facts).toEqual({ status: 200, replica: "app-2", appReplica: "app-2", sessionState: "hit", version: 3, location: null, outcome: "other" });
  });

  it("reads no app header the profile does not declare", () => {
    const facts = classifyResponse(res(200, { "X-Harness-Replica": "app-1", "X-Replica": "app-9", "X-Session-Version": "3" }), PHP_LIKE, URL);
    expect(facts).toMatchObject({ replica: "app-1", appReplica: null, version: null, sessionState: null });
  });

  it("calls a redirect to the login anonymous, however the Location is written", () => {
    for (const location of ["/login", "http://127.0.0.1:8080/login", "/login?next=%2Fdashboard"]) {
      expect(classifyResponse(res(302, { Location: location }), SAMPLE, URL).outcome).toBe("anonymous");
    }
    expect(classifyResponse(res(302, { Location: "/dashboard" }), SAMPLE, URL).outcome).toBe("other");
    // PHP sends relative Locations; they resolve against the request.
    expect(classifyResponse(res(302, { Location: "login.php" }), PHP_LIKE, "http://h/dashboard.php").outcome).toBe("anonymous");
  });

  it("calls anonymous by the page's body when that is how the app says it", () => {
    expect(classifyResponse(res(200, {}, "<h1>Please log in</h1>"), BODY_ANONYMOUS, URL).outcome).toBe("anonymous");
    expect(classifyResponse(res(200, {}, "<h1>Hello user1</h1>"), BODY_ANONYMOUS, URL).outcome).toBe("other");
  });

  it("trusts the state header (miss, none) only when the app declares one", () => {
    expect(classifyResponse(res(200, { "X-Session-State": "miss" }), SAMPLE, URL).outcome).toBe("anonymous");
    expect(classifyResponse(res(200, { "X-Session-State": "NONE" }), SAMPLE, URL).outcome).toBe("anonymous");
    expect(classifyResponse(res(200, { "X-Session-State": "miss" }), PHP_LIKE, URL).outcome).toBe("other");
  });

  it("reads a 5xx, or the state header saying error, as an error, never as anonymous", () => {
    expect(classifyResponse(res(503, { "X-Session-State": "miss" }), SAMPLE, URL).outcome).toBe("error");
    expect(classifyResponse(res(302, { "X-Session-State": "error", Location: "/login" }), SAMPLE, URL).outcome).toBe("error");
    expect(classifyResponse(res(500, { Location: "/login.php" }), PHP_LIKE, URL).outcome).toBe("error");
  });

  it("keeps what it cannot interpret visible", () => {
    expect(classifyResponse(res(0), SAMPLE, URL)).toMatchObject({ replica: null, sessionState: null, version: null, outcome: "other" });
    expect(classifyResponse(res(200, { "X-Session-State": "weird", "X-Session-Version": "v2" }), SAMPLE, URL)).toMatchObject({ sessionState: "weird", version: null });
  });
});

describe("meets", () => {
  it("wants the status and, when named, the Location's path", () => {
    const login = classifyResponse(res(302, { Location: "dashboard.php?x=1" }), PHP_LIKE, "http://h/login.php");
    expect(meets(login, PHP_LIKE.login.success)).toBe(true);
    expect(meets(login, { status: [303] })).toBe(false);
    expect(meets(login, { status: [302], location: "^/cart\\.php$" })).toBe(false);
    expect(meets(classifyResponse(res(200), PHP_LIKE, URL), { status: [200] })).toBe(true);
  });
});

describe("headers and locations", () => {
  it("looks headers up ignoring case", () => {
    expect(headerValue(res(200, { "x-session-state": "hit" }), "X-Session-State")).toBe("hit");
    expect(headerValue(res(200, {}), "X-Replica")).toBeUndefined();
  });

  it.each([
    ["/login", "/login"],
    ["http://127.0.0.1:8080/login?next=/x", "/login"],
    ["/login#top", "/login"],
    ["https://h", "/"],
  ])("locationPath(%s) = %s", (location, path) => expect(locationPath(location)).toBe(path));
});
