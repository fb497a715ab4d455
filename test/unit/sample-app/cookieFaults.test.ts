// The sample app's browser-only causes (COOKIE_FAULT) and its login subdomain,
// as the Set-Cookie and Location a browser would get. Host and the proxy's
// X-Forwarded-Proto are set by hand, as the harness's nginx sets them.
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { startApp } from "../../../sample-app/server";
import { testConfig } from "./appClient";

const quiet = { log: () => undefined };

async function login(port: number, host: string, https = false): Promise<{ status: number; location: string | undefined; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host, "content-type": "application/x-www-form-urlencoded", ...(https ? { "x-forwarded-proto": "https" } : {}) };
    const req = request({ host: "127.0.0.1", port, path: "/login", method: "POST", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookie: res.headers["set-cookie"] ?? [] }));
    });
    req.on("error", reject);
    req.end("username=user1&password=pass-user1");
  });
}

async function loginWith(env: Record<string, string>, host: string, https = false) {
  await using app = await startApp(testConfig({ SITE_HOST: "shop.example.test", TRUSTED_PROXIES: "loopback", ...env }), quiet);
  return await login(app.port, host, https);
}

describe("sample app on the site's hostnames", () => {
  it("sends a login on login.<site> on to <site> with a cookie for both (Domain, __Secure- over TLS)", async () => {
    const plain = await loginWith({}, "login.shop.example.test:8080");
    expect(plain.location).toBe("//shop.example.test:8080/dashboard");
    expect(plain.setCookie).toEqual([expect.stringMatching(/^sid=[^;]+; Path=\/; Domain=shop\.example\.test; HttpOnly; SameSite=Lax$/)]);
    const tls = await loginWith({}, "login.shop.example.test:8443", true);
    expect(tls.setCookie).toEqual([expect.stringMatching(/^__Secure-sid=[^;]+; Path=\/; Domain=shop\.example\.test; HttpOnly; SameSite=Lax; Secure$/)]);
  });

  it("keeps the plain path and a host-only cookie anywhere else", async () => {
    const other = await loginWith({}, "127.0.0.1:8080");
    expect(other.location).toBe("/dashboard");
    expect(other.setCookie[0]).not.toMatch(/Domain=/);
  });

  it.each([
    ["lost", false, (c: string[]) => expect(c).toEqual([])],
    ["host-only", false, (c: string[]) => expect(c[0]).not.toMatch(/Domain=/)],
    ["narrow-path", false, (c: string[]) => expect(c[0]).toMatch(/; Path=\/account;/)],
    ["samesite-strict", false, (c: string[]) => expect(c[0]).toMatch(/; SameSite=Strict/)],
    ["samesite-none-insecure", true, (c: string[]) => expect(c[0]).toMatch(/^sid=[^;]+;.*SameSite=None$/)],
    ["secure-over-http", false, (c: string[]) => expect(c[0]).toMatch(/^__Secure-sid=.*; Secure$/)],
  ])("COOKIE_FAULT=%s breaks the cookie as documented", async (fault, https, check) => {
    const res = await loginWith({ COOKIE_FAULT: fault }, "login.shop.example.test:8080", https);
    expect(res.status).toBe(302);
    check(res.setCookie);
  });
});
