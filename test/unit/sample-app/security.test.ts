import { describe, expect, it } from "vitest";
import { startApp } from "../../../sample-app/server";
import { MemoryStore } from "../../../sample-app/session/MemoryStore";
import { StoreError } from "../../../sample-app/session/SessionStore";
import { SessionClient, testConfig } from "./appClient";

const quiet = { log: () => undefined };

/** A memory store whose destroy can be made to fail, as a Redis outage would. */
class FlakyStore extends MemoryStore {
  failDestroys = false;
  override async destroy(id: string): Promise<void> {
    if (this.failDestroys) throw new StoreError("destroy", new Error("Connection is closed."));
    return super.destroy(id);
  }
}

async function post(base: string, path: string, headers: Record<string, string>, body = "item=x"): Promise<Response> {
  return fetch(new URL(path, base), { method: "POST", headers, body, redirect: "manual" });
}

describe("sample app, secure by default", () => {
  it("sends nosniff, a strict CSP and a same-origin referrer policy on every answer", async () => {
    await using app = await startApp(testConfig(), quiet);
    for (const path of ["/dashboard", "/nowhere"]) {
      const res = await fetch(`http://127.0.0.1:${app.port}${path}`, { redirect: "manual" });
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
    }
  });

  it("refuses cross-site POSTs (Origin, Sec-Fetch-Site, text/plain) and takes same-origin ones", async () => {
    await using app = await startApp(testConfig(), quiet);
    const base = `http://127.0.0.1:${app.port}`;
    const c = new SessionClient(base);
    await c.login("user1");
    const cookie = `sid=${c.cookie ?? ""}`;
    const form = { cookie, "content-type": "application/x-www-form-urlencoded" };
    expect((await post(base, "/cart", { ...form, origin: "https://evil.example.test" })).status).toBe(403);
    expect((await post(base, "/cart", { ...form, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post(base, "/cart", { cookie, "content-type": "text/plain" })).status).toBe(403);
    expect((await post(base, "/logout", { ...form, origin: "null" })).status).toBe(403);
    expect((await post(base, "/cart", { ...form, origin: base, "sec-fetch-site": "same-origin" })).status).toBe(302);
    expect((await c.get("/cart")).json<{ items: string[] }>().items).toEqual(["x"]);
  });

  it("throttles failed logins with 429 and Retry-After, the right password included, per user name", async () => {
    await using app = await startApp(testConfig({ LOGIN_MAX_FAILURES: "3" }), quiet);
    const c = new SessionClient(`http://127.0.0.1:${app.port}`);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await c.login("user1", "wrong")).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const right = await c.login("user1");
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await c.login("user2")).status).toBe(302);
  });

  it("makes the cookie Secure and __Host- only when a trusted proxy says the client used TLS", async () => {
    const login = async (env: Record<string, string>): Promise<string | undefined> => {
      await using app = await startApp(testConfig(env), quiet);
      const res = await post(`http://127.0.0.1:${app.port}`, "/login", { "content-type": "application/x-www-form-urlencoded", "x-forwarded-proto": "https" }, "username=user1&password=pass-user1");
      return res.headers.getSetCookie()[0];
    };
    expect(await login({ TRUSTED_PROXIES: "loopback" })).toMatch(/^__Host-sid=\S+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    expect(await login({})).toMatch(/^sid=\S+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await login({ TRUSTED_PROXIES: "10.9.9.9" })).toMatch(/^sid=/);
  });

  it.each(["before-redirect", "after-response"])("logout fails closed when the store cannot destroy (commit %s)", async (commit) => {
    let store: FlakyStore | undefined;
    await using app = await startApp(testConfig({ SESSION_COMMIT: commit }), { ...quiet, createStore: (expiry) => (store = new FlakyStore(expiry)) });
    const c = new SessionClient(`http://127.0.0.1:${app.port}`);
    await c.login("user1");
    if (store) store.failDestroys = true;
    const logout = await c.post("/logout");
    expect(logout.status).toBe(503);
    expect(logout.headers.getSetCookie()).toEqual([]);
    if (store) store.failDestroys = false;
    expect((await c.post("/logout")).status).toBe(302);
    expect((await c.get("/dashboard")).headers.get("location")).toBe("/login");
  });
});
