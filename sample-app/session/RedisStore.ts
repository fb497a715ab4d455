import { Redis } from "ioredis";
import { setTimeout as sleep } from "node:timers/promises";
import { logLine, type Log } from "../log";
import { RedisLock, type LockObserver, type LockSettings } from "./RedisLock";
import { parseSession, type ExpiryPolicy, type Session } from "./Session";
import { StoreError, type Lookup, type SessionStore } from "./SessionStore";

export interface RedisStoreOptions {
  url: string;
  replica: string;
  expiry: ExpiryPolicy;
  lock: LockSettings;
  lockObserver: LockObserver;
  log: Log;
}

// Key layout. Only `sess:` keys are sessions (sessions_active counts them);
// the marker outlives its session so a late request can be told why it is gone.
const sessionKey = (id: string) => `sess:${id}`;
const markerKey = (id: string) => `sessmeta:${id}`;
const lockKey = (id: string) => `sesslock:${id}`;
const QUIT_TIMEOUT_MS = 1_000;

// One atomic step: the session, or (only when it is gone) its expiry marker,
// taken with GETDEL so one request of all replicas reports the expiry. Two
// separate commands would let a save land between them, and a session written
// a moment late (after-response) would be misreported as expired.
const LOOKUP_SCRIPT = `
local s = redis.call('GET', KEYS[1])
if s then return {s, false} end
return {false, redis.call('GETDEL', KEYS[2])}
`;

/** Shared store: every replica sees every session. Fails fast when Redis is gone
 * (no offline queue, one attempt, 1 s command timeout) so requests answer 503
 * promptly instead of queueing behind a dead connection. */
export class RedisStore implements SessionStore {
  readonly kind = "redis";
  private readonly redis: Redis;
  private readonly lock: RedisLock;
  private down = false;
  private closing = false;
  private lastError = "connection closed";

  constructor(private readonly options: RedisStoreOptions) {
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout: 1_000,
      commandTimeout: 1_000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (times) => Math.min(50 * times, 500),
    });
    // Without an "error" listener ioredis prints every reconnect failure; log only
    // the transitions down and up, one line each.
    this.redis.on("error", (error: Error) => {
      this.lastError = error.message;
    });
    this.redis.on("close", () => this.markDown());
    this.redis.on("ready", () => {
      this.lastError = "connection closed";
      if (!this.down) return;
      this.down = false;
      options.log(logLine("store-up", { replica: options.replica, store: "redis" }));
    });
    this.lock = new RedisLock(this.redis, options.lock, options.lockObserver, (error) =>
      options.log(logLine("store-error", { replica: options.replica, op: "unlock", error: String(error) })),
    );
  }

  /** First connection, bounded by connectTimeout. A failure is not fatal: the
   * replica starts, /healthz says not ready, and ioredis keeps reconnecting. */
  async connect(): Promise<boolean> {
    try {
      await this.redis.connect();
      return true;
    } catch {
      this.markDown();
      return false;
    }
  }

  async get(id: string): Promise<Lookup> {
    const [raw, marker] = (await this.op("get", () => this.redis.eval(LOOKUP_SCRIPT, 2, sessionKey(id), markerKey(id)))) as [
      string | null,
      string | null,
    ];
    const session = raw ? parseSession(raw) : undefined;
    if (session !== undefined) return { kind: "live", session };
    return marker ? { kind: "expired", createdAt: Number(marker) } : { kind: "unknown" };
  }

  async save(session: Session): Promise<void> {
    const ttl = Math.ceil(this.options.expiry.ttlMs(session));
    if (ttl <= 0) return this.destroy(session.id);
    const markerTtl = Math.ceil(this.options.expiry.markerTtlMs(session));
    const results = await this.op("save", () =>
      this.redis
        .multi()
        .set(sessionKey(session.id), JSON.stringify(session), "PX", ttl)
        .set(markerKey(session.id), String(session.createdAt), "PX", markerTtl)
        .exec(),
    );
    const failed = results?.find(([error]) => error !== null)?.[0];
    if (results === null || failed) throw new StoreError("save", failed ?? "transaction discarded");
  }

  async touch(session: Session): Promise<void> {
    const ttl = Math.ceil(this.options.expiry.ttlMs(session));
    if (ttl > 0) await this.op("touch", () => this.redis.pexpire(sessionKey(session.id), ttl));
  }

  async destroy(id: string): Promise<void> {
    await this.op("destroy", () => this.redis.del(sessionKey(id), markerKey(id)));
  }

  async count(): Promise<number> {
    // SCAN, not DBSIZE: markers and locks share the (dedicated) database.
    let cursor = "0";
    let total = 0;
    do {
      const [next, keys] = await this.op("count", () => this.redis.scan(cursor, "MATCH", "sess:*", "COUNT", 1000));
      total += keys.length;
      cursor = next;
    } while (cursor !== "0");
    return total;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.lock.run(lockKey(id), fn);
  }

  async close(): Promise<void> {
    this.closing = true;
    try {
      await Promise.race([this.redis.quit(), sleep(QUIT_TIMEOUT_MS, undefined, { ref: false })]);
    } catch {
      // already disconnected: nothing to flush
    } finally {
      this.redis.disconnect();
    }
  }

  private markDown(): void {
    if (this.down || this.closing) return;
    this.down = true;
    this.options.log(
      logLine("store-down", { replica: this.options.replica, store: "redis", error: this.lastError }),
    );
  }

  private async op<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new StoreError(name, error);
    }
  }
}
