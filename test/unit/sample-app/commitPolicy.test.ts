// The commit step's timing, observed through a store whose writes can be held
// back (gated) or made to fail: no Redis needed to see what each policy promises.
import { describe, expect, it } from "vitest";
import { request, type IncomingMessage } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { startApp } from "../../../sample-app/server";
import { MemoryStore } from "../../../sample-app/session/MemoryStore";
import type { Session } from "../../../sample-app/session/Session";
import { StoreError, type Lookup } from "../../../sample-app/session/SessionStore";
import { metricValue, SessionClient, testConfig } from "./appClient";

class GatedStore extends MemoryStore {
  private gate: Promise<void> | undefined;
  private openGate: () => void = () => undefined;
  failSaves = false;
  failReads = false;
  saved = 0;

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.gate = undefined;
    this.openGate();
  }

  override async get(id: string): Promise<Lookup> {
    if (this.failReads) throw new StoreError("get", new Error("Connection is closed."));
    return super.get(id);
  }

  override async save(session: Session): Promise<void> {
    await this.gate;
    if (this.failSaves) throw new StoreError("save", new Error("Command timed out"));
    await super.save(session);
    this.saved++;
  }
}

async function startGated(commit: "before-redirect" | "after-response" | "headers-first") {
  let store: GatedStore | undefined;
  const lines: string[] = [];
  const app = await startApp(testConfig({ SESSION_COMMIT: commit }), {
    log: (line) => lines.push(line),
    createStore: (expiry) => (store = new GatedStore(expiry)),
  });
  if (store === undefined) throw new Error("store factory not used");
  const base = `http://127.0.0.1:${app.port}`;
  const client = new SessionClient(base);
  await client.login("user1");
  return { app, store, base, client, lines };
}

/** Whether the promise settles within ms, without consuming its outcome. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), sleep(ms, false)]);
}

describe("SESSION_COMMIT=before-redirect", () => {
  it("holds the redirect until the write is stored", async () => {
    const { app, store, client } = await startGated("before-redirect");
    await using _app = app;
    store.hold();
    const write = client.post("/cart", { item: "apple" });
    expect(await settlesWithin(write, 150)).toBe(false);
    store.release();
    expect((await write).status).toBe(302);
    expect((await client.get("/cart")).json()).toMatchObject({ items: ["apple"], version: 2 });
  });

  it("answers 503 when the write fails, never the redirect", async () => {
    const { app, store, base, client } = await startGated("before-redirect");
    await using _app = app;
    store.failSaves = true;
    const res = await client.post("/cart", { item: "apple" });
    expect(res.status).toBe(503);
    expect(res.headers.get("x-session-state")).toBe("error");
    expect(res.json()).toEqual({ error: "session store unavailable" });
    expect(await metricValue(base, 'session_store_errors_total{replica="test-1"}')).toBe(1);
  });

  it("lets a request in flight finish on close", async () => {
    const { app, store, client } = await startGated("before-redirect");
    store.hold();
    const write = client.post("/cart", { item: "apple" });
    await sleep(50);
    const closed = app.close();
    setTimeout(() => store.release(), 50);
    expect((await write).status).toBe(302);
    await closed;
    expect(store.saved).toBe(2);
  });
});

describe("SESSION_COMMIT=after-response", () => {
  it("sends the redirect first, so the next read can miss the write", async () => {
    const { app, store, client } = await startGated("after-response");
    await using _app = app;
    store.hold();
    const write = await client.post("/cart", { item: "apple" });
    expect(write.status).toBe(302);
    // The write-then-redirect race, deterministically: the redirect is out, the write is not.
    expect((await client.get("/cart")).json()).toMatchObject({ items: [], version: 1 });
    store.release();
    await expect.poll(() => store.saved).toBe(2);
    expect((await client.get("/cart")).json()).toMatchObject({ items: ["apple"], version: 2 });
  });

  it("can only count and log a failed write: the client already has its 302", async () => {
    const { app, store, base, client, lines } = await startGated("after-response");
    await using _app = app;
    store.failSaves = true;
    expect((await client.post("/cart", { item: "apple" })).status).toBe(302);
    await expect.poll(() => metricValue(base, 'session_store_errors_total{replica="test-1"}')).toBe(1);
    expect(lines.filter((l) => l.startsWith("store-error "))).toEqual([
      'store-error replica=test-1 op=save error="save: Command timed out"',
    ]);
  });
});

describe.each(["before-redirect", "after-response"] as const)("unreadable store (%s)", (commit) => {
  it("answers 503 with X-Session-State: error, never anonymous", async () => {
    const { app, store, client } = await startGated(commit);
    await using _app = app;
    store.failReads = true;
    for (const [method, path] of [["GET", "/dashboard"], ["GET", "/cart"], ["POST", "/cart"]] as const) {
      const res = await client.request(method, path, method === "POST" ? { item: "x" } : undefined);
      expect(res.status, `${method} ${path}`).toBe(503);
      expect(res.headers.get("x-session-state")).toBe("error");
      expect(res.headers.get("x-session-version")).toBeNull();
      expect(res.headers.get("location")).toBeNull();
    }
  });
});

describe("SESSION_COMMIT=headers-first", () => {
  it("sends the redirect's headers, then waits for the write, then ends the body", async () => {
    const { app, store, base, client } = await startGated("headers-first");
    await using _app = app;
    const savedBefore = store.saved;
    store.hold();
    const req = request(new URL("/cart", base), { method: "POST", headers: { cookie: `sid=${client.cookie ?? ""}`, "content-type": "application/x-www-form-urlencoded" } });
    const answered = new Promise<IncomingMessage>((resolve) => req.on("response", resolve));
    req.end("item=apple");
    // The headers arrive while the write is still held back: what a browser follows.
    const res = await answered;
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/cart");
    const body: Buffer[] = [];
    const ended = new Promise<void>((resolve) => res.on("data", (b: Buffer) => body.push(b)).on("end", resolve));
    expect(await settlesWithin(ended, 150)).toBe(false);
    expect(store.saved).toBe(savedBefore);
    store.release();
    await ended;
    expect(Buffer.concat(body).toString()).toBe("Found. Redirecting to /cart");
    expect((await client.get("/cart")).json()).toMatchObject({ items: ["apple"] });
  });
});
