import { UsageError } from "../errors/UsageError";
import { MAX_REDIS_REPLICAS } from "../topology/redisReplica";

/**
 * `--store-replicas N`: how many replica nodes a store topology that can have
 * several starts (redis-replica: 1 by default). The one owner of what is allowed.
 */
export function resolveStoreReplicas(value: string | undefined, ctx: { store: string; resizable: boolean; external: boolean }): number | undefined {
  if (value === undefined) return undefined;
  if (ctx.external) throw new UsageError("--store-replicas sizes the harness's own store; the cluster at --url has its own: leave it out");
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_REDIS_REPLICAS) throw new UsageError(`--store-replicas ${JSON.stringify(value)} is not allowed: use a whole number of replica nodes, 1-${MAX_REDIS_REPLICAS}`);
  if (!ctx.resizable) throw new UsageError(`--store-replicas sets how many replica nodes a redis-replica store has; --store ${ctx.store} has a fixed shape: use a store on redis-replica, or leave it out`);
  return n;
}
