import { Redis } from "ioredis";
import { type WaitStrategy } from "./waitStrategies";

/**
 * A sentinel is ready once it knows every replica of its primary and every
 * other sentinel (SENTINEL MASTER: num-slaves, num-other-sentinels). Before
 * that a failover is decided on half the facts: a replica the sentinels have
 * not heard of (they read the primary's INFO every 10 s) is never moved to
 * the promoted primary and goes on replicating the old one, and without its
 * peers a sentinel cannot make a quorum.
 */
export function waitForSentinel(port: number, master: string, expect: { replicas: number; sentinels: number }, host = "127.0.0.1"): WaitStrategy {
  return {
    description: `sentinel ${host}:${port} knows ${expect.replicas} replicas of ${master} and ${expect.sentinels - 1} other sentinels`,
    async check() {
      const redis = new Redis({ host, port, lazyConnect: true, connectTimeout: 1000, commandTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
      redis.on("error", () => undefined);
      try {
        await redis.connect();
        const flat = (await redis.call("SENTINEL", "MASTER", master)) as string[];
        const field = (name: string): number => Number(flat[flat.indexOf(name) + 1] ?? NaN);
        return field("num-slaves") >= expect.replicas && field("num-other-sentinels") >= expect.sentinels - 1;
      } catch {
        return false;
      } finally {
        redis.disconnect();
      }
    },
  };
}
