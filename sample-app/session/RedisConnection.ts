import { Redis, type RedisOptions } from "ioredis";
import { type SentinelTarget } from "../config";
import { setTimeout as sleep } from "node:timers/promises";
import { logLine, type Log } from "../log";

const QUIT_TIMEOUT_MS = 1_000;

/** One connection to one Redis node, logging only its transitions down and up. */
export class RedisConnection {
  readonly redis: Redis;
  private down = false;
  private lastError = "connection closed";
  private closing = false;

  constructor(
    target: string | SentinelTarget,
    private readonly store: string,
    private readonly options: { replica: string; log: Log },
  ) {
    const common: RedisOptions = {
      lazyConnect: true,
      connectTimeout: 1_000,
      commandTimeout: 1_000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (times) => Math.min(50 * times, 500),
    };
    this.redis =
      typeof target === "string"
        ? new Redis(target, common)
        : new Redis({
            ...common,
            sentinels: target.sentinels,
            name: target.name,
            natMap: target.natMap,
            sentinelRetryStrategy: (times) => Math.min(50 * times, 500),
            // A primary demoted under us answers writes with READONLY: ask the sentinels again.
            reconnectOnError: (error) => error.message.startsWith("READONLY"),
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
      options.log(logLine("store-up", { replica: options.replica, store }));
    });
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
    this.options.log(logLine("store-down", { replica: this.options.replica, store: this.store, error: this.lastError }));
  }
}
