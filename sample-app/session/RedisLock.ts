import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import { LockUnavailableError, StoreError } from "./SessionStore";

export interface LockObserver {
  lockWaited(seconds: number): void;
  lockFailed(): void;
}

export interface LockSettings {
  /** Auto-release if the holder dies; must outlast a commit (a few command timeouts). */
  ttlMs: number;
  /** Total time to keep retrying before answering 503. */
  waitMs: number;
}

// Compare-and-delete: a holder whose lock already expired must not delete the
// lock a later request now holds.
const RELEASE_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

// Holds last a couple of Redis round trips (~1 ms on loopback), so start small
// and double, with jitter so parallel waiters do not retry in lockstep.
const FIRST_BACKOFF_MS = 2;
const MAX_BACKOFF_MS = 32;

/** Single-instance Redis lock (SET NX PX + token), enough for one dedicated Redis;
 * not Redlock, which would only matter with several independent masters. */
export class RedisLock {
  constructor(
    private readonly redis: Redis,
    private readonly settings: LockSettings,
    private readonly observer: LockObserver,
    private readonly onReleaseError: (error: unknown) => void,
  ) {}

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const token = randomBytes(16).toString("base64url");
    await this.acquire(key, token);
    try {
      return await fn();
    } finally {
      await this.release(key, token);
    }
  }

  private async acquire(key: string, token: string): Promise<void> {
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      if (await this.tryOnce(key, token)) {
        if (attempt > 0) this.observer.lockWaited((performance.now() - started) / 1000);
        return;
      }
      const left = this.settings.waitMs - (performance.now() - started);
      if (left <= 0) {
        this.observer.lockWaited((performance.now() - started) / 1000);
        this.observer.lockFailed();
        throw new LockUnavailableError(`session lock ${key} still held after ${this.settings.waitMs} ms`);
      }
      const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
      await sleep(Math.min(backoff, left));
    }
  }

  private async tryOnce(key: string, token: string): Promise<boolean> {
    try {
      return (await this.redis.set(key, token, "PX", this.settings.ttlMs, "NX")) === "OK";
    } catch (error) {
      throw new StoreError("lock", error);
    }
  }

  /** Never throws: the response may already be out, and an unreleased lock frees itself at its TTL. */
  private async release(key: string, token: string): Promise<void> {
    try {
      await this.redis.eval(RELEASE_SCRIPT, 1, key, token);
    } catch (error) {
      this.onReleaseError(error);
    }
  }
}
