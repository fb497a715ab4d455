import { UsageError } from "../errors/UsageError";

/**
 * `--store-persistence none|everysec|always`: whether a Redis store keeps its
 * keys on disk (an append-only file, and how often it is fsynced), so a
 * restart does or does not lose the sessions. The one owner of what is allowed.
 */
export const STORE_PERSISTENCE = ["none", "everysec", "always"] as const;
export type StorePersistence = (typeof STORE_PERSISTENCE)[number];

/** The harness's Redis keeps nothing on disk unless asked: a restart loses every session. */
export const DEFAULT_STORE_PERSISTENCE: StorePersistence = "none";

/**
 * The run's persistence, or undefined for the default. One UsageError line
 * for a value Redis has no `appendfsync` for, a store without Redis, or a
 * cluster someone else started.
 */
export function resolveStorePersistence(value: string | undefined, ctx: { store: string; redis: boolean; external: boolean }): Exclude<StorePersistence, "none"> | undefined {
  if (value === undefined) return undefined;
  if (ctx.external) throw new UsageError("--store-persistence sets the harness's own Redis; the cluster at --url has its own store: leave it out");
  if (!(STORE_PERSISTENCE as readonly string[]).includes(value)) {
    throw new UsageError(`--store-persistence ${JSON.stringify(value)} is not allowed: use one of ${STORE_PERSISTENCE.join(", ")} (an append-only file fsynced every second or on every write)`);
  }
  if (!ctx.redis) throw new UsageError(`--store-persistence sets a Redis store's append-only file; --store ${ctx.store} has no Redis: use a Redis-backed store or leave it out`);
  return value === "none" ? undefined : (value as Exclude<StorePersistence, "none">);
}

/** redis-server's arguments for it; later arguments win over the node's own `--appendonly no`. */
export function persistenceArgs(p: Exclude<StorePersistence, "none">): string[] {
  return ["--appendonly", "yes", "--appendfsync", p];
}
