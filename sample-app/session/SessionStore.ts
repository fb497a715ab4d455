import type { Session } from "./Session";

/** What a lookup found: a live session, one that expired (with its creation time so
 * the caller can tell idle from absolute), or nothing the store knows of. */
export type Lookup =
  | { kind: "live"; session: Session }
  | { kind: "expired"; createdAt: number }
  | { kind: "unknown" };

/** The store could not answer (unreachable, timed out). Never to be read as "no session". */
export class StoreError extends Error {
  override name = "StoreError";
  constructor(
    readonly op: string,
    cause: unknown,
  ) {
    super(`${op}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The per-session lock stayed taken for the whole wait budget. */
export class LockUnavailableError extends Error {
  override name = "LockUnavailableError";
}

export interface SessionStore {
  readonly kind: "memory" | "redis" | "memcached";
  get(id: string): Promise<Lookup>;
  /** Writes the whole payload with TTL = min(idle, remaining absolute). */
  save(session: Session): Promise<void>;
  /** Refreshes the idle TTL only; must not rewrite the payload. */
  touch(session: Session): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Live sessions, for the sessions_active gauge; undefined when the store cannot count them (Memcached lists no keys). */
  count(): Promise<number | undefined>;
  /** Reachability for /healthz; false rather than throwing. */
  ping(): Promise<boolean>;
  /** Runs fn while holding the session's lock; throws LockUnavailableError when
   * the lock cannot be had. Only stores shared between replicas offer it. */
  withLock?<T>(id: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
