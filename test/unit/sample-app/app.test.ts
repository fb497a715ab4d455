import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { startApp, type StartedApp } from "../../../sample-app/server";
import { metricValue, SessionClient, testConfig } from "./appClient";

const quiet = { log: () => undefined };

describe("sample app over HTTP (memory store)", () => {
  let app: StartedApp;
  let base: string;
  const client = () => new SessionClient(base);

  beforeAll(async () => {
    app = await startApp(testConfig({ REPLICA: "app-7" }), quiet);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(() => app.close());

  it("logs in with a 302 to /dashboard and a fresh browser-session cookie", async () => {
    const res = await client().login("user2");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/dashboard");
    expect(res.headers.get("x-replica")).toBe("app-7");
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it("serves the dashboard to the session it created", async () => {
    const c = client();
    await c.login("user3");
    const res = await c.get("/dashboard");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-session-state")).toBe("hit");
    expect(res.headers.get("x-session-version")).toBe("1");
    expect(res.json()).toEqual({ user: "user3", roles: ["user"], version: 1, replica: "app-7" });
  });

  it("sends anonymous visitors to /login, without clearing a dead cookie", async () => {
    const none = await client().get("/dashboard");
    expect(none.status).toBe(302);
    expect(none.headers.get("location")).toBe("/login");
    expect(none.headers.get("x-session-state")).toBe("none");
    expect(none.headers.get("x-session-version")).toBe("0");

    const stale = client();
    stale.cookie = "x".repeat(43);
    const miss = await stale.get("/dashboard");
    expect(miss.status).toBe(302);
    expect(miss.headers.get("x-session-state")).toBe("miss");
    expect(miss.headers.getSetCookie()).toEqual([]);
    expect((await stale.get("/cart")).headers.get("location")).toBe("/login");
  });

  it("rotates the session id on login and kills the old one", async () => {
    const c = client();
    await c.login("user4");
    const first = c.cookie;
    await c.login("user4");
    expect(c.cookie).not.toBe(first);
    expect((await c.get("/dashboard")).status).toBe(200);
    const old = client();
    old.cookie = first;
    const res = await old.get("/dashboard");
    expect(res.headers.get("x-session-state")).toBe("miss");
  });

  it("logs out: destroys the session and expires the cookie with the same attributes", async () => {
    const c = client();
    await c.login("user5");
    const id = c.cookie;
    const res = await c.post("/logout");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    expect(res.headers.getSetCookie()).toEqual([
      "sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    ]);
    const replay = client();
    replay.cookie = id;
    expect((await replay.get("/dashboard")).headers.get("x-session-state")).toBe("miss");
    expect((await client().post("/logout")).status).toBe(302);
  });

  it("appends to the cart with a write-then-redirect that bumps the version", async () => {
    const c = client();
    await c.login("user6");
    const write = await c.post("/cart", { item: "apple" });
    expect(write.status).toBe(302);
    expect(write.headers.get("location")).toBe("/cart");
    expect(write.headers.get("x-session-version")).toBe("1");
    await c.request("POST", "/cart", { item: "pear" });
    const res = await c.get("/cart");
    expect(res.json()).toEqual({ items: ["apple", "pear"], version: 3, replica: "app-7" });
    expect(res.headers.get("x-session-version")).toBe("3");
  });

  it("takes JSON bodies too", async () => {
    const c = client();
    await c.login("user7");
    const res = await fetch(`${base}/cart`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `sid=${c.cookie}` },
      body: JSON.stringify({ item: "plum" }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect((await c.get("/cart")).json()).toMatchObject({ items: ["plum"], version: 2 });
  });

  it("validates cart items, after checking the session", async () => {
    expect((await client().post("/cart", {})).headers.get("location")).toBe("/login");
    const c = client();
    await c.login("user8");
    expect((await c.post("/cart", {})).status).toBe(400);
    expect((await c.post("/cart", { item: "" })).status).toBe(400);
    expect((await c.post("/cart", { item: "x".repeat(65) })).status).toBe(400);
    expect((await c.post("/cart", { item: "x".repeat(64) })).status).toBe(302);
  });

  it("answers 401 to bad credentials and counts them", async () => {
    const before = (await metricValue(base, 'logins_total{replica="app-7",result="failure"}')) ?? NaN;
    for (const [user, pass] of [["user1", "nope"], ["ghost", "pass-ghost"], ["user99", "pass-user99"]] as const) {
      const res = await client().login(user, pass);
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ error: "invalid credentials" });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(await metricValue(base, 'logins_total{replica="app-7",result="failure"}')).toBe(before + 3);
  });

  it("answers 404 JSON to anything else, still naming the replica", async () => {
    for (const [method, path] of [["GET", "/nope"], ["GET", "/login"], ["DELETE", "/cart"], ["GET", "/dashboard/"]]) {
      const res = await fetch(`${base}${path}`, { method: method ?? "GET" });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get("x-replica")).toBe("app-7");
      expect(await res.json()).toEqual({ error: "not found" });
    }
  });

  it("caps request bodies with 413", async () => {
    const res = await fetch(`${base}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `username=user1&password=${"x".repeat(20_000)}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("x-replica")).toBe("app-7");
  });

  it("reports health and metrics", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ replica: "app-7", store: "memory", ready: true });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toMatch(/^sessions_active\{replica="app-7"\} \d+$/m);
    expect(text).toMatch(/^session_lookups_total\{replica="app-7",result="hit"\} [1-9]\d*$/m);
    expect(text).toMatch(/^http_requests_total\{replica="app-7",route="POST \/login",status="302"\} \d+$/m);
    expect(text).toMatch(/^http_requests_total\{replica="app-7",route="unmatched",status="404"\} \d+$/m);
    for (const name of ["session_store_errors_total", "logouts_total", "session_lock_failures_total"]) {
      expect(text).toContain(`${name}{replica="app-7"} `);
    }
  });
});

describe("cookie settings", () => {
  it("honours COOKIE_NAME and COOKIE_SECURE on both the session and the expiry cookie", async () => {
    await using app = await startApp(testConfig({ COOKIE_NAME: "JSESSIONID", COOKIE_SECURE: "on" }), quiet);
    // Secure goes with the __Host- prefix: the browser then also refuses a Domain or a narrower Path.
    const c = new SessionClient(`http://127.0.0.1:${app.port}`, "__Host-JSESSIONID");
    const login = await c.login("user1");
    expect(login.headers.getSetCookie()[0]).toMatch(/^__Host-JSESSIONID=\S{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    expect((await c.get("/dashboard")).status).toBe(200);
    const logout = await c.post("/logout");
    expect(logout.headers.getSetCookie()).toEqual([
      "__Host-JSESSIONID=; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    ]);
  });
});

describe("session expiry (memory store)", () => {
  it("ends a session left idle, and refreshes the idle clock on reads", async () => {
    await using app = await startApp(testConfig({ SESSION_IDLE_TTL_MS: "300" }), quiet);
    const base = `http://127.0.0.1:${app.port}`;
    const c = new SessionClient(base);
    await c.login("user1");
    for (let i = 0; i < 3; i++) {
      await sleep(150);
      expect((await c.get("/dashboard")).headers.get("x-session-state")).toBe("hit");
    }
    await sleep(400);
    const res = await c.get("/dashboard");
    expect(res.headers.get("x-session-state")).toBe("miss");
    expect(res.headers.get("location")).toBe("/login");
    expect(await metricValue(base, 'session_expirations_total{replica="test-1",kind="idle"}')).toBe(1);
  });

  it("ends a session at its absolute deadline however active it is", async () => {
    await using app = await startApp(
      testConfig({ SESSION_IDLE_TTL_MS: "10000", SESSION_ABSOLUTE_TTL_MS: "400" }),
      quiet,
    );
    const base = `http://127.0.0.1:${app.port}`;
    const c = new SessionClient(base);
    await c.login("user1");
    const started = Date.now();
    while (Date.now() - started < 250) {
      expect((await c.post("/cart", { item: "x" })).headers.get("x-session-state")).toBe("hit");
      await sleep(50);
    }
    await sleep(450 - (Date.now() - started));
    expect((await c.get("/dashboard")).headers.get("x-session-state")).toBe("miss");
    expect(await metricValue(base, 'session_expirations_total{replica="test-1",kind="absolute"}')).toBe(1);
    expect(await metricValue(base, 'sessions_active{replica="test-1"}')).toBe(0);
  });
});
