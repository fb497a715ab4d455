import { Redis } from "ioredis";
import { type WaitStrategy } from "./waitStrategies";

/**
 * A Redis replica node is ready once its link to its primary is up, which
 * Redis reports only after the first sync has loaded: before that it answers
 * with an empty data set (or LOADING), and the app's first reads would miss
 * sessions for the harness's reasons, not the store's.
 */
export function waitForRedisReplica(port: number, host = "127.0.0.1"): WaitStrategy {
  return {
    description: `Redis replica ${host}:${port} linked to its primary (INFO replication: master_link_status:up)`,
    async check() {
      const redis = new Redis({ host, port, lazyConnect: true, connectTimeout: 1000, commandTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
      redis.on("error", () => undefined);
      try {
        await redis.connect();
        return /^master_link_status:up\r?$/m.test(await redis.info("replication"));
      } catch {
        return false;
      } finally {
        redis.disconnect();
      }
    },
  };
}
