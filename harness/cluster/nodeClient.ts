import { Redis, type RedisOptions } from "ioredis";
import { type StartedCluster } from "./Cluster";

/**
 * A Redis client straight to one of the run's store nodes, by part name: not
 * through a Toxiproxy link, which a fault may slow or cut. Undefined when the
 * cluster does not say where that node is (no such node, or not started by
 * the harness). Errors are the caller's to see on its commands, never an
 * unhandled event.
 */
export function nodeClient(cluster: StartedCluster, node: string | undefined, options: RedisOptions = {}): Redis | undefined {
  const address = node === undefined ? undefined : cluster.describe().parts.find((p) => p.name === node)?.address;
  if (address === undefined) return undefined;
  const colon = address.lastIndexOf(":");
  const redis = new Redis({ host: address.slice(0, colon), port: Number(address.slice(colon + 1)), maxRetriesPerRequest: 0, ...options });
  redis.on("error", () => undefined);
  return redis;
}

/** For samplers: a reading that cannot be had quickly is skipped, not queued. */
export const SAMPLER_CLIENT: RedisOptions = { connectTimeout: 1000, commandTimeout: 500, enableOfflineQueue: false };
