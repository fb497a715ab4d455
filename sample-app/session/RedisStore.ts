import { type Redis } from "ioredis";
import { type SentinelTarget } from "../config";
import { logLine, type Log } from "../log";
import { RedisConnection } from "./RedisConnection";
import { RedisLock, type LockObserver, type LockSettings } from "./RedisLock";
import { parseSession, type ExpiryPolicy, type Session } from "./Session";
import { StoreError, type Lookup, type SessionStore } from "./SessionStore";

export interface RedisStoreOptions {
  /** A redis:// URL, or the sentinels to ask where the primary is. */
  url: string | SentinelTarget;
  /** After each save, WAIT for this many replicas; fewer acknowledging fails the save (0: no WAIT). */
  wait?: { replicas: number; timeoutMs: number };
  /** A replica node to look sessions up on, as apps that read from replicas do; writes, touches and locks stay on `url`. */
  readUrl?: string;
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
  private readonly primary: RedisConnection;
  /** Where lookups go: a replica node's connection, or the primary's. */
  private readonly reader: RedisConnection;
  private readonly lock: RedisLock;

  constructor(private readonly options: RedisStoreOptions) {
    this.primary = new RedisConnection(options.url, "redis", options);
    this.reader = options.readUrl === undefined ? this.primary : new RedisConnection(options.readUrl, "redis-read", options);
    this.lock = new RedisLock(this.redis, options.lock, options.lockObserver, (error) =>
      options.log(logLine("store-error", { replica: options.replica, op: "unlock", error: String(error) })),
    );
  }

  private get redis(): Redis {
    return this.primary.redis;
  }

  /** Both connections up (one when reads go to the primary). */
  async connect(): Promise<boolean> {
    const [primary, reader] = await Promise.all([this.primary.connect(), this.reader === this.primary ? true : this.reader.connect()]);
    return primary && reader;
  }

  async get(id: string): Promise<Lookup> {
    const [raw, marker] = (await this.op("get", () =>
      this.reader === this.primary
        ? this.redis.eval(LOOKUP_SCRIPT, 2, sessionKey(id), markerKey(id))
        : // A replica node is read-only: the session and its marker in one
          // atomic read, the marker left in place (GETDEL is a write). What a
          // lagging replica has not received yet is, as for any app reading
          // from one, no session at all.
          this.reader.redis.mget(sessionKey(id), markerKey(id)),
    )) as [string | null, string | null];
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
    const wait = this.options.wait;
    if (wait === undefined || wait.replicas === 0) return;
    // WAIT does not make the write safe (a failover may still lose it), but an app that asks is told when no replica has it.
    const acked = await this.op("wait", () => this.redis.wait(wait.replicas, wait.timeoutMs));
    if (acked < wait.replicas) throw new StoreError("wait", `${acked} of ${wait.replicas} replicas acknowledged the write within ${wait.timeoutMs} ms`);
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
      const [primary, reader] = await Promise.all([this.redis.ping(), this.reader === this.primary ? "PONG" : this.reader.redis.ping()]);
      return primary === "PONG" && reader === "PONG";
    } catch {
      return false;
    }
  }

  withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.lock.run(lockKey(id), fn);
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.reader === this.primary ? undefined : this.reader.close()]);
  }

  private async op<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new StoreError(name, error);
    }
  }
}
