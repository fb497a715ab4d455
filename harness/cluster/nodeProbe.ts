import { Client } from "memjs";
import { type StorePart } from "../plan/Plan";
import { type StartedCluster } from "./Cluster";
import { nodeClient } from "./nodeClient";

/**
 * What the harness asks a store node itself, straight to it (never through a
 * link a fault may cut), whatever its protocol: a marker key to write before
 * a restart and look for after it, and how many keys it holds. Every answer
 * that cannot be had is `undefined`, for the caller to say so, never a guess.
 */
export interface NodeProbe {
  /** Writes the key; true once the node stored it. */
  mark(key: string): Promise<boolean | undefined>;
  /** Deletes the key; whether it was there. */
  takeBack(key: string): Promise<boolean | undefined>;
  keys(): Promise<number | undefined>;
  close(): void;
}

const TIMEOUT_MS = 2000;

/** A probe of the node `part` as the cluster runs it now; undefined when the cluster does not say where it is. */
export function nodeProbe(cluster: StartedCluster, part: StorePart): NodeProbe | undefined {
  const address = cluster.describe().parts.find((p) => p.name === part.name)?.address;
  if (address === undefined) return undefined;
  switch (part.node.scheme) {
    case "redis":
      return redisProbe(cluster, part.name);
    case "memcached":
      return memcachedProbe(address);
    case "sentinel":
      // It holds no keys of the app's.
      return undefined;
  }
}

const settle = async <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);

function redisProbe(cluster: StartedCluster, node: string): NodeProbe | undefined {
  const redis = nodeClient(cluster, node, { connectTimeout: TIMEOUT_MS, commandTimeout: TIMEOUT_MS });
  if (redis === undefined) return undefined;
  return {
    mark: (key) => settle(redis.set(key, "1").then((r) => r === "OK")),
    takeBack: (key) => settle(redis.del(key).then((n) => n === 1)),
    keys: () => settle(redis.dbsize()),
    close: () => redis.disconnect(),
  };
}

function memcachedProbe(address: string): NodeProbe {
  const client = Client.create(address, { retries: 1, timeout: TIMEOUT_MS / 1000, logger: { log: () => undefined } });
  return {
    mark: (key) => settle(client.set(key, "1", { expires: 0 })),
    takeBack: (key) => settle(client.delete(key)),
    keys: () =>
      new Promise((resolve) => {
        client.stats((error, _server, stats) => resolve(error || !stats ? undefined : Number(stats.curr_items)));
      }),
    close: () => client.close(),
  };
}
