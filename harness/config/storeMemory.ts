import { UsageError } from "../errors/UsageError";

/**
 * `--store-maxmemory SIZE` and `--store-policy POLICY`: how much a Redis
 * store may hold and what it does when full, passed to every redis-server node
 * as `--maxmemory` and `--maxmemory-policy`. The one owner of what is allowed.
 */

/** Redis's own policies (redis.conf, "MAXMEMORY POLICY"); allkeys-* may evict any key, volatile-* only keys with a TTL. */
export const EVICTION_POLICIES = [
  "allkeys-lru",
  "allkeys-lfu",
  "allkeys-random",
  "volatile-lru",
  "volatile-lfu",
  "volatile-random",
  "volatile-ttl",
  "noeviction",
] as const;
export type EvictionPolicy = (typeof EVICTION_POLICIES)[number];

/** Redis's default: with no policy given, a full store refuses writes. */
export const DEFAULT_EVICTION_POLICY: EvictionPolicy = "noeviction";

export interface StoreMemory {
  /** As the user wrote it (`2mb`), which is what redis-server is given and the report prints. */
  maxmemory: string;
  maxmemoryBytes: number;
  policy: EvictionPolicy;
}

// Redis's units (redis.conf, "Units"): k, m, g are powers of 1000, kb, mb, gb of 1024; case does not matter.
const UNITS: Readonly<Record<string, number>> = { "": 1, b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };

/** Below this the app cannot hold even a few sessions and every run measures a full store at once; above it the machine's memory. */
export const MIN_MAXMEMORY_BYTES = 100 * 1024;
export const MAX_MAXMEMORY_BYTES = 1024 ** 3;

/** Bytes, or undefined when `text` is not a Redis size (a whole number with an optional unit). Pure. */
export function parseMemorySize(text: string): number | undefined {
  const m = /^(\d+)([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[(m[2] ?? "").toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const bytes = Number(m[1]) * unit;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** What the store-memory flags ask for, as typed. */
export interface StoreMemoryRequest {
  storeMaxmemory?: string;
  storePolicy?: string;
}

/**
 * The run's store memory, or undefined when neither flag is given. Each
 * refusal is one UsageError line: a size Redis would not read or out of
 * range, a policy Redis lacks, a policy without a size (Redis ignores a
 * policy until maxmemory is set), and either flag on a store without Redis
 * (`redis` false) or on a cluster someone else started.
 */
export function resolveStoreMemory(req: StoreMemoryRequest, ctx: { store: string; redis: boolean; external: boolean }): StoreMemory | undefined {
  const { storeMaxmemory: size, storePolicy: policy } = req;
  if (size === undefined && policy === undefined) return undefined;
  const flag = size === undefined ? "--store-policy" : "--store-maxmemory";
  if (ctx.external) throw new UsageError(`${flag} sets the harness's own Redis; the cluster at --url has its own store: leave it out`);
  if (!ctx.redis) throw new UsageError(`${flag} sets a Redis store's memory; --store ${ctx.store} has no Redis: use a Redis-backed store or leave it out`);
  if (size === undefined) throw new UsageError(`--store-policy needs --store-maxmemory SIZE: Redis evicts nothing until its memory is limited`);
  const bytes = parseMemorySize(size);
  if (bytes === undefined || bytes < MIN_MAXMEMORY_BYTES || bytes > MAX_MAXMEMORY_BYTES) {
    throw new UsageError(`--store-maxmemory ${JSON.stringify(size)} is not allowed: use a Redis size from 100kb to 1gb, a whole number with k, kb, m, mb, g or gb (e.g. 2mb)`);
  }
  if (policy !== undefined && !(EVICTION_POLICIES as readonly string[]).includes(policy)) {
    throw new UsageError(`--store-policy ${JSON.stringify(policy)} is not allowed: use one of ${EVICTION_POLICIES.join(", ")}`);
  }
  return { maxmemory: size, maxmemoryBytes: bytes, policy: (policy as EvictionPolicy | undefined) ?? DEFAULT_EVICTION_POLICY };
}

/** The label the report and the attribution use: "maxmemory 2mb, allkeys-lru". */
export const storeMemoryLabel = (m: Pick<StoreMemory, "maxmemory" | "policy">): string => `maxmemory ${m.maxmemory}, ${m.policy}`;
