import { type StoreTopology } from "./StoreTopology";
import { redisServer, writeEndpoint } from "./redisServer";

/**
 * `service: "redis"`: one redis-server, every replica reaching it through its
 * own Toxiproxy proxy. The node keeps the part name `redis` and the proxies
 * their names `redis-app-N`, as before topologies were a concept, so older
 * reports, the compose export and `--url` clusters read the same.
 */
export const REDIS_SINGLE: StoreTopology = {
  name: "redis",
  description: "one Redis without persistence",
  nodes: [redisServer("redis", { restartable: true, survivable: false })],
  endpoints: [writeEndpoint("redis", "the store")],
};
