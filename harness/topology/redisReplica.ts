import { READ_ENDPOINT, type StoreTopology } from "./StoreTopology";
import { redisServer, writeEndpoint } from "./redisServer";

/**
 * `service: "redis-replica"`: a primary and one replica node (`replicaof`
 * through a Toxiproxy link, so replication lag is a fault). The app writes to
 * the primary and may read from the replica, as spring-session with Lettuce's
 * `readFrom(REPLICA)` or Redisson's default cluster read mode do: the reads
 * that miss a session written a moment before. Replication is asynchronous,
 * so the replica may serve a stale or missing session until the write arrives.
 *
 * Losing the replica node does not end the run (the primary still has every
 * session); losing the primary does.
 */
export const REDIS_REPLICA: StoreTopology = {
  name: "redis-replica",
  description: "a Redis primary and one replica node, replicating through Toxiproxy; reads may go to the replica",
  nodes: [
    redisServer("redis-primary", { restartable: true, survivable: false }),
    redisServer("redis-replica-1", { replicaOf: "redis-primary", restartable: true, survivable: true }),
  ],
  endpoints: [
    writeEndpoint("redis-primary", "the primary"),
    {
      name: READ_ENDPOINT,
      node: "redis-replica-1",
      placeholders: {
        host: { name: "store.readHost", description: "host of this replica's proxy to the replica node (reads)" },
        port: { name: "store.readPort", description: "port of that proxy" },
        url: { name: "store.readUrl", description: "redis://host:port of that proxy" },
      },
    },
  ],
};
