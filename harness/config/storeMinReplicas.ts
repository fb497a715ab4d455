import { UsageError } from "../errors/UsageError";

/**
 * `--store-min-replicas-to-write N` and `--store-min-replicas-max-lag S`:
 * Redis's own settings, under Redis's own names. A primary with fewer than N
 * replicas that acknowledged the stream within S seconds refuses writes
 * (NOREPLICAS): a partitioned primary then fails its writes after S seconds
 * instead of taking them to be lost when it rejoins. It bounds the loss; it
 * does not end it (writes in those S seconds are still lost). The one owner
 * of what is allowed.
 */
export interface StoreMinReplicas {
  toWrite: number;
  /** Seconds; Redis's default is 10. */
  maxLagS: number;
}

export const DEFAULT_MIN_REPLICAS_MAX_LAG_S = 10;
const MAX_REPLICAS = 16;
const MAX_LAG_S = 3600;

const whole = (flag: string, text: string, min: number, max: number, what: string): number => {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  throw new UsageError(`${flag} ${JSON.stringify(text)} is not allowed: use ${what}, ${min}-${max}`);
};

/**
 * The run's setting, or undefined when neither flag is given. One UsageError
 * line for a value that is not a whole number in range, a lag without a
 * count, a store whose Redis has no replicas, or a cluster someone else started.
 */
export function resolveStoreMinReplicas(toWrite: string | undefined, maxLag: string | undefined, ctx: { store: string; replicates: boolean; external: boolean }): StoreMinReplicas | undefined {
  if (toWrite === undefined && maxLag === undefined) return undefined;
  if (ctx.external) throw new UsageError("--store-min-replicas-to-write sets the harness's own Redis; the cluster at --url has its own store: leave it out");
  if (toWrite === undefined) throw new UsageError("--store-min-replicas-max-lag needs --store-min-replicas-to-write N: the lag is how fresh those N replicas must be");
  const n = whole("--store-min-replicas-to-write", toWrite, 1, MAX_REPLICAS, "how many replicas must have the stream for the primary to take writes");
  const lag = maxLag === undefined ? DEFAULT_MIN_REPLICAS_MAX_LAG_S : whole("--store-min-replicas-max-lag", maxLag, 1, MAX_LAG_S, "seconds");
  if (!ctx.replicates) throw new UsageError(`--store-min-replicas-to-write needs a Redis with replicas; --store ${ctx.store} has none: use a store on redis-replica or redis-sentinel, or leave it out`);
  return { toWrite: n, maxLagS: lag };
}

/** redis-server's arguments for it, on every node (a replica may be promoted). */
export function minReplicasArgs(m: StoreMinReplicas): string[] {
  return ["--min-replicas-to-write", String(m.toWrite), "--min-replicas-max-lag", String(m.maxLagS)];
}

export const minReplicasLabel = (m: StoreMinReplicas): string => `min-replicas-to-write ${m.toWrite}, max lag ${m.maxLagS} s`;
