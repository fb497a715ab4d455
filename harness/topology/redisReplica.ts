import { READ_ENDPOINT, type StoreTopology } from "./StoreTopology";
import { redisServer, writeEndpoint } from "./redisServer";

/** The most replica nodes `--store-replicas` gives redis-replica: with the primary, five nodes, within the Docker backend's six. */
export const MAX_REDIS_REPLICAS = 4;

/**
 * `service: "redis-replica"`: a primary and `replicas` replica nodes
 * (`replicaof` through a Toxiproxy link each, so replication lag is a fault).
 * The app writes to the primary and may read from a replica, as
 * spring-session with Lettuce's `readFrom(REPLICA)` or Redisson's default
 * cluster read mode do: the reads that miss a session written a moment
 * before. Replication is asynchronous, so a replica may serve a stale or
 * missing session until the write arrives. With several replica nodes the
 * app replicas are spread over them in turn (app-1 reads from
 * redis-replica-1, app-2 from redis-replica-2, …), so which node served a
 * read is known from which app replica answered it.
 *
 * Losing a replica node does not end the run (the primary still has every
 * session); losing the primary does.
 */
export function redisReplicaTopology(replicas: number): StoreTopology {
  const nodes = Array.from({ length: replicas }, (_, i) => `redis-replica-${i + 1}`);
  const [first = "redis-replica-1"] = nodes;
  return {
    name: "redis-replica",
    description:
      replicas === 1
        ? "a Redis primary and one replica node, replicating through Toxiproxy; reads may go to the replica"
        : `a Redis primary and ${replicas} replica nodes, replicating through Toxiproxy; each app replica may read from one of them, in turn`,
    nodes: [redisServer("redis-primary", { restartable: true, survivable: false }), ...nodes.map((name) => redisServer(name, { replicaOf: "redis-primary", restartable: true, survivable: true }))],
    endpoints: [
      writeEndpoint("redis-primary", "the primary"),
      {
        name: READ_ENDPOINT,
        node: first,
        ...(replicas > 1 ? { spread: nodes } : {}),
        placeholders: {
          host: { name: "store.readHost", description: "host of this replica's proxy to its replica node (reads)" },
          port: { name: "store.readPort", description: "port of that proxy" },
          url: { name: "store.readUrl", description: "redis://host:port of that proxy" },
        },
      },
    ],
    resize: redisReplicaTopology,
  };
}

export const REDIS_REPLICA: StoreTopology = redisReplicaTopology(1);
