import { describe, expect, it } from "vitest";
import { isBrowserEvidence, sessionSetCookies, setsValue, type BrowserEvidence, type JarCookie } from "../../../scenarios/lib/BrowserEvidence";
import { parseOp, formatOp, type HistoryOp } from "../../../scenarios/lib/HistoryOp";
import { browserCause } from "../../../harness/report/browserCause";
import { attribute } from "../../../harness/report/attributeAnomalies";

const SITE = "http://shop.example.test:8080";
const jar = (over: Partial<JarCookie> = {}): JarCookie => ({ name: "sid", domain: ".shop.example.test", path: "/", secure: false, httpOnly: true, sameSite: "Lax", ...over });
const seen = (url: string, cookies: JarCookie[], over: Partial<BrowserEvidence> = {}): BrowserEvidence => ({ url, jar: cookies, ...over });

describe("the session cookie's Set-Cookie lines as a browser VU records them", () => {
  it("keeps the session cookie's lines (any prefix), drops others, and never keeps the id", () => {
    const header = "theme=dark; Path=/\n__Host-sid=s3cr3t-id; Path=/; Secure; HttpOnly; SameSite=Lax\nsid=; Path=/; Max-Age=0";
    expect(sessionSetCookies(header, "sid")).toEqual(["__Host-sid=*; Path=/; Secure; HttpOnly; SameSite=Lax", "sid=; Path=/; Max-Age=0"]);
    expect(sessionSetCookies(undefined, "sid")).toEqual([]);
    expect(setsValue("sid=*; Path=/")).toBe(true);
    expect(setsValue("sid=; Path=/; Max-Age=0")).toBe(false);
    expect(setsValue("sid=*; Path=/; Max-Age=0")).toBe(false);
  });

  it("round-trips through the history line format, and a malformed evidence makes the line unreadable", () => {
    const op: HistoryOp = { s: "1:0", vu: 1, iter: 0, op: "view", step: "dashboard#entry", t0: 1, t1: 2, status: 302, outcome: "anonymous", replica: "app-1", client: "browser", browser: seen(`${SITE}/dashboard`, [jar()], { crossSite: true }) };
    expect(parseOp(formatOp(op))).toEqual(op);
    expect(parseOp(formatOp({ ...op, browser: { url: "x" } as unknown as BrowserEvidence }))).toBeUndefined();
    expect(isBrowserEvidence({ url: "x", jar: [{ name: "sid" }] })).toBe(false);
  });
});

describe("browserCause: what the browser did with the cookie", () => {
  it("names a login that answered without a session cookie", () => {
    expect(browserCause("login-failure", 302, seen("http://login.shop.example.test:8080/login", [], { setCookie: [] }))).toEqual({
      cause: "login answered without a session cookie",
      why: "the login answered 302 without a session cookie",
    });
  });

  it.each([
    ["sid=*; Path=/; Secure; SameSite=Lax", "a Secure cookie set over plain http"],
    ["sid=*; Path=/; SameSite=None", "SameSite=None without Secure"],
    ["sid=*; Path=/; Domain=other.test", "Domain=other.test does not cover login.shop.example.test"],
  ])("names a cookie the browser refused: %s", (line, why) => {
    expect(browserCause("login-failure", 302, seen("http://login.shop.example.test:8080/login", [], { setCookie: [line] }))).toEqual({ cause: "browser refused the session cookie", why });
  });

  it.each([
    [seen(`${SITE}/dashboard`, [jar({ domain: "login.shop.example.test" })]), "the cookie set on login.shop.example.test (no Domain) was not sent to shop.example.test"],
    [seen(`${SITE}/dashboard`, [jar({ path: "/account" })]), "the cookie's Path=/account does not cover /dashboard"],
    [seen(`${SITE}/dashboard`, [jar({ sameSite: "Strict" })], { crossSite: true }), "withheld by SameSite=Strict on a cross-site navigation"],
    [seen(`${SITE}/cart`, [jar({ secure: true })]), "a Secure cookie is not sent over plain http"],
  ])("names a cookie the browser held and withheld (%#)", (evidence, why) => {
    expect(browserCause("logout", 302, evidence)).toEqual({ cause: "browser withheld the session cookie", why });
  });

  it.each([
    ["a Domain cookie on the site", seen(`${SITE}/dashboard`, [jar()])],
    ["a host-only cookie on its own host", seen(`${SITE}/dashboard`, [jar({ domain: "shop.example.test" })])],
    ["SameSite=Lax on a cross-site navigation", seen(`${SITE}/dashboard`, [jar()], { crossSite: true })],
    ["SameSite=Strict on a same-site one", seen(`${SITE}/dashboard`, [jar({ sameSite: "Strict" })])],
    ["Path=/account on /account/orders", seen(`${SITE}/account/orders`, [jar({ path: "/account" })])],
    ["a Secure cookie over https", seen("https://shop.example.test:8443/cart", [jar({ secure: true })])],
    ["one of two cookies that is sent", seen(`${SITE}/dashboard`, [jar({ domain: "login.shop.example.test" }), jar()])],
  ])("does not blame the browser when it sent the cookie: %s", (_, evidence) => {
    expect(browserCause("logout", 302, evidence)).toBeUndefined();
    expect(browserCause("stale-read", 200, evidence)).toBeUndefined();
  });

  it("leaves a login the browser kept, a server error, and other kinds to the server-side rules", () => {
    expect(browserCause("login-failure", 302, seen("http://login.shop.example.test:8080/login", [], { setCookie: ["sid=*; Path=/; HttpOnly"] }))).toBeUndefined();
    expect(browserCause("login-failure", 503, seen("http://login.shop.example.test:8080/login", [], { setCookie: [] }))).toBeUndefined();
    expect(browserCause("lost-update", 200, seen(`${SITE}/cart`, []))).toBeUndefined();
  });

  it("comes before the replica rules in attribution, and falls through to them when the cookie was sent", () => {
    const base = { kind: "logout" as const, t: 10, status: 302, createdBy: "app-1", readBy: "app-2", writtenBy: null, staleKind: null, cameBack: false, state: null };
    const ctx = { storeShared: false, faults: [] };
    expect(attribute({ ...base, browser: seen(`${SITE}/dashboard`, [jar({ path: "/account" })]) }, ctx).cause).toBe("browser withheld the session cookie");
    expect(attribute({ ...base, browser: seen(`${SITE}/dashboard`, [jar()]) }, ctx).cause).toBe("cross-replica miss");
  });
});
