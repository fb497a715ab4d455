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
  const pool = (count: number) => ({ count, username: "user{n}", password: "pass-user{n}" });

  it("maps VUs onto the profile's user pool, wrapping", () => {
    expect(pickUser(1, pool(100))).toEqual({ username: "user1", password: "pass-user1" });
    expect(pickUser(100, pool(100)).username).toBe("user100");
    expect(pickUser(101, pool(100)).username).toBe("user1");
    expect(pickUser(7, pool(3)).username).toBe("user1");
  });

  it("fills {n} wherever the profile puts it", () => {
    expect(pickUser(2, { count: 5, username: "qa+{n}@example.test", password: "secret-{n}-{n}" })).toEqual({ username: "qa+2@example.test", password: "secret-2-2" });
  });

  it("rejects a VU number k6 would never give", () => {
    expect(() => pickUser(0, pool(100))).toThrow(RangeError);
    expect(() => pickUser(1, pool(0))).toThrow(/users/);
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
    ["http://127.0.0.1:8080/login", "/dashboard", "http://127.0.0.1:8080/dashboard"],
    ["http://127.0.0.1:8080/login", "http://127.0.0.1:9000/x", "http://127.0.0.1:9000/x"],
    ["http://127.0.0.1:8080/login", "//127.0.0.1:9000/y", "http://127.0.0.1:9000/y"],
    // PHP's header('Location: dashboard.php') is relative to the script that sent it.
    ["http://127.0.0.1:8080/login.php", "dashboard.php", "http://127.0.0.1:8080/dashboard.php"],
    ["http://127.0.0.1:8080/app/login?x=1", "cart", "http://127.0.0.1:8080/app/cart"],
    ["http://127.0.0.1:8080", "cart", "http://127.0.0.1:8080/cart"],
    ["http://127.0.0.1:8080/cart.php?page=2", "?page=3", "http://127.0.0.1:8080/cart.php?page=3"],
  ])("from %s, %s", (request, location, url) => {
    expect(resolveLocation(request, location)).toBe(url);
  });
});
