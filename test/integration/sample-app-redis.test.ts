// The sample app against a real redis-server: shared sessions across replicas,
// TTL handling in Redis itself, per-session locking, failing closed when Redis
// dies, and the bundled entry point as the harness runs it.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { build } from "esbuild";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type StartedApp } from "../../sample-app/server";
import { metricValue, SessionClient, testConfig } from "../unit/sample-app/appClient";

const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";
const quiet = { log: () => undefined };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

class RedisServer {
  private proc: ChildProcess | undefined;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    this.proc = spawn(REDIS_SERVER, args, { stdio: "ignore" });
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on("error", () => undefined);
    try {
      for (let i = 0; i < 100; i++) {
        try {
          await probe.connect();
          await probe.ping();
          return;
        } catch {
          await sleep(20);
        }
      }
      throw new Error(`redis-server on ${this.port} did not come up`);
    } finally {
      probe.disconnect();
    }
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (proc?.exitCode !== null || proc.pid === undefined) return;
    const exited = once(proc, "exit");
    proc.kill("SIGKILL");
    await exited;
  }
}

describe("sample app on Redis", () => {
  let redis: RedisServer;
  let inspect: Redis;
  const apps: StartedApp[] = [];

  async function replica(env: Record<string, string> = {}): Promise<string> {
    const app = await startApp(testConfig({ SESSION_STORE: "redis", REDIS_URL: redis.url, ...env }), quiet);
    apps.push(app);
    return `http://127.0.0.1:${app.port}`;
  }

  beforeAll(async () => {
    redis = new RedisServer(await freePort());
    await redis.start();
    inspect = new Redis(redis.url);
    inspect.on("error", () => undefined);
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    inspect.disconnect();
    await redis.stop();
  });

  it("shares sessions between replicas and stores them with TTLs", async () => {
    const a = new SessionClient(await replica({ REPLICA: "app-1", SESSION_IDLE_TTL_MS: "60000" }));
    const bBase = await replica({ REPLICA: "app-2", SESSION_IDLE_TTL_MS: "60000" });
    await a.login("user2");
    const id = a.cookie ?? "";
    const stored = JSON.parse((await inspect.get(`sess:${id}`)) ?? "{}") as Record<string, unknown>;
    expect(stored).toMatchObject({ id, userId: "u2", username: "user2", cart: [], version: 1 });
    expect(await inspect.pttl(`sess:${id}`)).toBeGreaterThan(55_000);

    const b = new SessionClient(bBase);
    b.cookie = id;
    const view = await b.get("/dashboard");
    expect(view.headers.get("x-replica")).toBe("app-2");
    expect(view.headers.get("x-session-state")).toBe("hit");
    expect((await b.post("/cart", { item: "tea" })).status).toBe(302);
    expect((await a.get("/cart")).json()).toMatchObject({ items: ["tea"], version: 2, replica: "app-1" });

    // A read refreshes the TTL but leaves the payload byte for byte as it was.
    await inspect.pexpire(`sess:${id}`, 10_000);
    const before = await inspect.get(`sess:${id}`);
    await b.get("/dashboard");
    expect(await inspect.pttl(`sess:${id}`)).toBeGreaterThan(55_000);
    expect(await inspect.get(`sess:${id}`)).toBe(before);

    await a.login("user2");
    expect(await inspect.exists(`sess:${id}`)).toBe(0);
    expect((await b.get("/dashboard")).headers.get("x-session-state")).toBe("miss");
    await a.post("/logout");
    expect(await metricValue(bBase, 'sessions_active{replica="app-2"}')).toBe(0);
  });

  it("lets Redis expire idle sessions and still tells why", async () => {
    const base = await replica({ SESSION_IDLE_TTL_MS: "200" });
    const c = new SessionClient(base);
    await c.login("user3");
    await sleep(300);
    const res = await c.get("/dashboard");
    expect(res.status).toBe(302);
    expect(res.headers.get("x-session-state")).toBe("miss");
    expect(await metricValue(base, 'session_expirations_total{replica="test-1",kind="idle"}')).toBe(1);
    await c.get("/dashboard");
    expect(await metricValue(base, 'session_expirations_total{replica="test-1",kind="idle"}')).toBe(1);
  });

  async function parallelWrites(base: string, writes: number): Promise<{ items: number; version: number }> {
    const c = new SessionClient(base);
    await c.login("user4");
    const results = await Promise.all(
      Array.from({ length: writes }, (_, i) => c.post("/cart", { item: `item-${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array<number>(writes).fill(302));
    const cart = (await c.get("/cart")).json<{ items: string[]; version: number }>();
    return { items: cart.items.length, version: cart.version };
  }

  it("loses no concurrent write with SESSION_LOCKING=on", async () => {
    const base = await replica({ SESSION_LOCKING: "on" });
    expect(await parallelWrites(base, 20)).toEqual({ items: 20, version: 21 });
    const waits = await metricValue(base, 'session_lock_waits_total{replica="test-1"}');
    console.log(`locking on: 20/20 writes kept, ${waits} lock waits`);
    expect(await metricValue(base, 'session_lock_failures_total{replica="test-1"}')).toBe(0);
  });

  it("can lose concurrent writes with SESSION_LOCKING=off (reported, not asserted)", async () => {
    const base = await replica({ SESSION_LOCKING: "off" });
    const { items } = await parallelWrites(base, 20);
    console.log(`locking off: ${items}/20 writes kept`);
    expect(items).toBeGreaterThanOrEqual(1);
  });

  it("answers 503 with X-Session-State: error while Redis is down, then recovers", async () => {
    const base = await replica({ REPLICA: "app-9" });
    const c = new SessionClient(base);
    await c.login("user5");
    await redis.stop();
    try {
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ replica: "app-9", store: "redis", ready: false });
      const fresh = new SessionClient(base);
      const attempts = [
        await c.get("/dashboard"),
        await c.get("/cart"),
        await c.post("/cart", { item: "x" }),
        await c.login("user5"),
        await fresh.login("user6"),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(503);
        expect(res.headers.get("x-session-state")).toBe("error");
        expect(res.json()).toEqual({ error: "session store unavailable" });
      }
      expect(await metricValue(base, 'session_store_errors_total{replica="app-9"}')).toBe(5);
      expect((await fetch(`${base}/metrics`)).status).toBe(200);
    } finally {
      await redis.start();
    }
    await expect.poll(async () => (await fetch(`${base}/healthz`)).status, { timeout: 5_000 }).toBe(200);
    await c.login("user5");
    expect((await c.get("/dashboard")).status).toBe(200);
  });
});

describe("bundled entry point", () => {
  let dir: string;
  let bundle: string;
  let redis: RedisServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sample-app-"));
    bundle = join(dir, "app.mjs");
    await build({
      entryPoints: ["sample-app/main.ts"],
      outfile: bundle,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "error",
      banner: { js: "import{createRequire}from'module';const require=createRequire(import.meta.url);" },
    });
    redis = new RedisServer(await freePort());
    await redis.start();
  });

  afterAll(async () => {
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function launch(env: Record<string, string>): { proc: ChildProcess; lines: string[]; ready: Promise<number> } {
    const proc = spawn(process.execPath, [bundle], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const lines: string[] = [];
    const started = performance.now();
    const ready = new Promise<number>((resolve, reject) => {
      proc.once("exit", (code) => reject(new Error(`exited ${code} before ready: ${lines.join(" | ")}`)));
      createInterface({ input: proc.stdout }).on("line", (line) => {
        lines.push(line);
        if (line.startsWith("ready ")) resolve(performance.now() - started);
      });
    });
    ready.catch(() => undefined);
    return { proc, lines, ready };
  }

  it("starts fast, prints the ready line, and exits 0 on SIGTERM", async () => {
    const port = await freePort();
    const env = { PORT: String(port), REPLICA: "app-3", SESSION_STORE: "redis", REDIS_URL: redis.url };
    const { proc, lines, ready } = launch(env);
    const ms = await ready;
    console.log(`bundled replica ready in ${ms.toFixed(0)} ms`);
    expect(lines).toContain(`ready replica=app-3 port=${port} store=redis`);
    expect(ms).toBeLessThan(2_000);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const exited = once(proc, "exit");
    proc.kill("SIGTERM");
    expect((await exited)[0]).toBe(0);
    expect(lines.at(-1)).toBe("shutdown replica=app-3 reason=SIGTERM");
  });

  it("exits when its stdin closes if EXIT_ON_STDIN_CLOSE=1", async () => {
    const { proc, ready } = launch({ PORT: "0", REPLICA: "app-4", EXIT_ON_STDIN_CLOSE: "1" });
    await ready;
    const exited = once(proc, "exit");
    proc.stdin?.end();
    expect((await exited)[0]).toBe(0);
  });

  it("rejects bad configuration with one stderr line and exit code 2", async () => {
    const proc = spawn(process.execPath, [bundle], {
      env: { PATH: process.env.PATH, PORT: "1", REPLICA: "app-5", SESSION_STORE: "mongo" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    proc.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(proc, "exit")) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toBe('config error: SESSION_STORE must be one of memory|redis|memcached (got "mongo")\n');
  });
});
