import { describe, expect, it } from "vitest";
import { parseCookies, serializeExpiredCookie, serializeSessionCookie } from "../../../sample-app/session/cookies";

function attributes(cookie: string): string[] {
  return cookie.split("; ").slice(1);
}

describe("session cookies", () => {
  const plain = { name: "sid", secure: false, httpOnly: true, sameSite: "Lax" as const };

  it("sets a browser-session cookie with the fixed attributes", () => {
    expect(serializeSessionCookie("abc", plain)).toBe("sid=abc; Path=/; HttpOnly; SameSite=Lax");
    expect(serializeSessionCookie("abc", { ...plain, secure: true })).toBe(
      "__Host-sid=abc; Path=/; HttpOnly; SameSite=Lax; Secure",
    );
    expect(serializeSessionCookie("abc", plain)).not.toMatch(/Max-Age|Expires/);
  });

  it.each([false, true])("expires with the same attributes it was set with (secure=%s)", (secure) => {
    const options = { ...plain, secure };
    const expired = serializeExpiredCookie(options);
    expect(expired).toMatch(secure ? /^__Host-sid=; / : /^sid=; /);
    expect(expired).toContain("; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    const extra = attributes(expired).filter((a) => !/^(Max-Age|Expires)=/.test(a));
    expect(extra).toEqual(attributes(serializeSessionCookie("x", options)));
  });

  it("takes __Secure- instead of __Host- with a Domain or a narrower Path, and expires with both", () => {
    const scoped = { ...plain, secure: true, domain: "shop.example.test", sameSite: "None" as const };
    expect(serializeSessionCookie("abc", scoped)).toBe("__Secure-sid=abc; Path=/; Domain=shop.example.test; HttpOnly; SameSite=None; Secure");
    expect(serializeExpiredCookie(scoped)).toMatch(/^__Secure-sid=; Path=\/; Domain=shop\.example\.test; /);
    expect(serializeSessionCookie("abc", { ...plain, path: "/account", sameSite: false })).toBe("sid=abc; Path=/account; HttpOnly");
  });

  it("parses a Cookie header, first value winning", () => {
    const cookies = parseCookies('theme=dark; sid=abc ; other="quoted"; sid=later; junk; =x');
    expect(cookies.get("sid")).toBe("abc");
    expect(cookies.get("theme")).toBe("dark");
    expect(cookies.get("other")).toBe("quoted");
    expect(cookies.has("junk")).toBe(false);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it("round-trips an id", () => {
    const id = "A-_z09".repeat(7);
    const header = serializeSessionCookie(id, plain).split(";")[0];
    expect(parseCookies(header).get("sid")).toBe(id);
  });
});
