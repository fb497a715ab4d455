import { REDIS } from "../tools/pinnedTools";
import { type EndpointPlaceholder, type StoreEndpoint, type StoreNode, WRITE_ENDPOINT } from "./StoreTopology";

/**
 * One redis-server node, the one place its command line is written (both
 * backends and the compose export start it from here). No persistence unless
 * the run asks for it (`--store-persistence`, added by the plan): a restart
 * then loses every key.
 * `repl-diskless-sync-delay 0`: a primary otherwise waits 5 s for more
 * replicas before it streams the first sync (measured: a replica's link came
 * up 5.5 s after it started, 0.2 s with the delay at 0).
 * `announces`: the node tells its peers the address of its peers proxy
 * (StoreTopology.peerLinks) rather than its own.
 */
/** Where a redis-server (node or sentinel) listens: the backend's port and bind, and no protected mode (the run's own network only). */
export const REDIS_LISTEN_ARGS = ["--port", "{port}", "--bind", "{bind}", "--protected-mode", "no"] as const;

export function redisServer(name: string, opts: { replicaOf?: string; restartable: boolean; survivable: boolean; announces?: boolean }): StoreNode {
  return {
    name,
    program: REDIS,
    args: [
      ...REDIS_LISTEN_ARGS,
      "--save",
      "",
      "--appendonly",
      "no",
      "--repl-diskless-sync-delay",
      "0",
      "--dir",
      "{dir}",
      ...(opts.replicaOf === undefined ? [] : ["--replicaof", "{replicaof.host}", "{replicaof.port}"]),
      // What a replica tells its primary (and so the sentinels) it is reached at: its peers proxy.
      ...(opts.announces === true ? ["--replica-announce-ip", "{announce.host}", "--replica-announce-port", "{announce.port}"] : []),
    ],
    ready: opts.replicaOf === undefined ? "tcp" : "replica-synced",
    restartable: opts.restartable,
    survivable: opts.survivable,
    ...(opts.replicaOf === undefined ? {} : { replicaOf: opts.replicaOf }),
    scheme: "redis",
  };
}

const placeholder = (name: string, description: string): EndpointPlaceholder => ({ name, description });

/** Where a replica writes: `{store.host}`, `{store.port}`, `{store.url}`, the names every profile has used since the first. */
export function writeEndpoint(node: string, what: string): StoreEndpoint {
  return {
    name: WRITE_ENDPOINT,
    node,
    placeholders: {
      host: placeholder("store.host", `host of this replica's proxy to ${what}`),
      port: placeholder("store.port", `port of this replica's proxy to ${what}`),
      url: placeholder("store.url", "redis://host:port of that proxy"),
    },
  };
}
