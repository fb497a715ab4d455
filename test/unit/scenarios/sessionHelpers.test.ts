import { describe, expect, it } from "vitest";
import { pickUser } from "../../../scenarios/lib/pickUser";
import { resolveLocation } from "../../../scenarios/lib/resolveLocation";
import { cookieArrived, cookieExpired, type SetCookieLike } from "../../../scenarios/lib/sessionCookie";

const NOW = 1_700_000_000_000;
// Exactly what k6 v2.2.0 reports for the sample app's two cookies (probed):
// Go's zero time stands for "no Expires", and the field is max_age, not maxAge.
const GO_ZERO_TIME_MS = -6_795_364_578_871;
const session = (value: string): SetCookieLike => ({ value, max_age: 0, expires: GO_ZERO_TIME_MS });
const expiring: SetCookieLike = { value: "", max_age: -1, expires: 0 };

describe("pickUser", () => {
  it("maps VUs onto the user pool, wrapping", () => {
    expect(pickUser(1, 100)).toEqual({ username: "user1", password: "pass-user1" });
    expect(pickUser(100, 100).username).toBe("user100");
    expect(pickUser(101, 100).username).toBe("user1");
    expect(pickUser(7, 3).username).toBe("user1");
  });

  it("rejects a VU number k6 would never give", () => {
    expect(() => pickUser(0, 100)).toThrow(RangeError);
    expect(() => pickUser(1, 0)).toThrow(/users/);
  });
});

describe("cookieArrived", () => {
  it("wants the response's cookie in the jar", () => {
    expect(cookieArrived([session("abc")], ["abc"], NOW)).toBe(true);
    expect(cookieArrived([session("abc")], ["old"], NOW)).toBe(false);
    expect(cookieArrived([session("abc")], undefined, NOW)).toBe(false);
    expect(cookieArrived(undefined, ["abc"], NOW)).toBe(false);
  });

  it("does not take an expiring cookie for a session", () => {
    expect(cookieArrived([expiring], [""], NOW)).toBe(false);
    expect(cookieArrived([{ value: "abc", max_age: 0, expires: NOW - 1 }], ["abc"], NOW)).toBe(false);
    // The name @types/k6 declares, should a later k6 switch to it.
    expect(cookieArrived([{ value: "abc", maxAge: -1, expires: GO_ZERO_TIME_MS }], ["abc"], NOW)).toBe(false);
  });
});

describe("cookieExpired", () => {
  it("wants an expiring Set-Cookie and an empty jar", () => {
    expect(cookieExpired([expiring], undefined, NOW)).toBe(true);
    expect(cookieExpired([{ value: "", expires: 0 }], [], NOW)).toBe(true);
    expect(cookieExpired([{ value: "", maxAge: -1, expires: GO_ZERO_TIME_MS }], [], NOW)).toBe(true);
    expect(cookieExpired([expiring], ["abc"], NOW)).toBe(false);
    expect(cookieExpired([session("abc")], undefined, NOW)).toBe(false);
    expect(cookieExpired(undefined, undefined, NOW)).toBe(false);
  });
});

describe("resolveLocation", () => {
  it.each([
    ["/dashboard", "http://127.0.0.1:8080/dashboard"],
    ["http://127.0.0.1:9000/x", "http://127.0.0.1:9000/x"],
    ["//127.0.0.1:9000/y", "http://127.0.0.1:9000/y"],
    ["cart", "http://127.0.0.1:8080/app/cart"],
  ])("%s", (location, url) => {
    const base = location === "cart" ? "http://127.0.0.1:8080/app" : "http://127.0.0.1:8080";
    expect(resolveLocation(base, location)).toBe(url);
  });
});
