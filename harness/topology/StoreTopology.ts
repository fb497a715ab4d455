import { type AptTool } from "../tools/pinnedTools";

/**
 * A session-store topology: the store nodes the harness starts for a profile's
 * store (`service` in the profile), how they connect, and what the app's
 * replicas are given to reach them. One file per topology, registered in
 * topologies.ts; docs/store-topologies.md says how to add one.
 *
 * A topology is data. The plan (harness/plan/buildPlan.ts) turns it into
 * parts, Toxiproxy links and a start order; a backend starts each node from
 * its program and argument templates, filling the placeholders below with the
 * addresses it chose, so nothing here knows whether nodes run as processes or
 * containers.
 */
export interface StoreTopology {
  /** The profile's `service` value that asks for it. */
  name: string;
  description: string;
  /** In the order a reader would list them; the plan works out the start order from `replicaOf`. */
  nodes: readonly StoreNode[];
  /** What every app replica is given, each through a Toxiproxy proxy of its own (so a fault can hit one replica's link). */
  endpoints: readonly StoreEndpoint[];
  /** Placeholders that list several endpoints at once (Memcached's server list), in the order the app's client hashes over them. */
  lists?: readonly EndpointList[];
  /**
   * Every replica reaches a node through one proxy, at one address, instead
   * of a proxy each. A client that hashes servers by their address (ketama:
   * php-memcached, the `memcached` npm client) builds its ring from the
   * addresses it is given; with a proxy per replica each replica would build
   * another ring and look sessions up on other nodes than its peers wrote
   * them to. A link fault then acts on every replica at once.
   */
  sharedLinks?: true;
  /**
   * Every node is reached by its peers (the nodes that replicate from it, the
   * sentinels) through one proxy of its own, `<node>-peers`, and announces
   * that proxy's address as its own. A partition then cuts a node off from its
   * peers while the apps, on their own proxies, still reach it.
   */
  peerLinks?: true;
  /**
   * `{store.natMap}`: each node's announced address (its peers proxy) → this
   * replica's proxy to it, for a client that dials whatever the sentinels
   * name (ioredis's `natMap`).
   */
  natMap?: EndpointPlaceholder;
  /** Placeholders with one value for the whole run (`{store.masterName}`). */
  constants?: Readonly<Record<string, { value: string; description: string }>>;
  /** The same topology with `replicas` replica nodes (`--store-replicas`), for one that can have several. */
  resize?: (replicas: number) => StoreTopology;
}

/** `{store.servers}`: this replica's proxies to the endpoints, as `host:port` joined by commas. */
export interface EndpointList {
  name: string;
  description: string;
  endpoints: readonly string[];
}

/**
 * How a backend knows a node is ready: it accepts connections; (a replica
 * node) its link to its primary is up and synced; (a sentinel) it knows the
 * primary's replicas and the other sentinels (`sentinelOf`).
 */
export type NodeReadiness = "tcp" | "replica-synced" | "sentinel-informed";

export interface StoreNode {
  /** Its part name: logs, faults and the report use it. */
  name: string;
  program: AptTool;
  /** Argument templates; they may use NODE_PLACEHOLDERS. */
  args: readonly string[];
  ready: NodeReadiness;
  /** A fault may kill it and start it again (on the same address). */
  restartable: boolean;
  /**
   * The run goes on when it dies (a replica node: the app can still reach the
   * primary). False for a node without which the run would measure the
   * harness, not the app.
   */
  survivable: boolean;
  /**
   * Started with the others, but in no list (`{store.servers}`) until an
   * add-node fault puts it in: the node a deploy adds.
   */
  spare?: boolean;
  /** The node it replicates from, through a Toxiproxy link of purpose `replication`, so replication lag is a fault. */
  replicaOf?: string;
  /** A Redis Sentinel: the primary it is told of at start (it finds the replicas from it), through that node's peers proxy. */
  monitors?: string;
  /** A sentinel's: the name it knows the primary by, and how many replicas and sentinels it must know of to be ready. */
  sentinelOf?: { master: string; replicas: number; sentinels: number };
  /** Files created empty in its folder before it starts: a sentinel refuses to start without a config file it can rewrite. */
  emptyFiles?: readonly string[];
  /** The wire protocol: the endpoints' URLs, and what the harness may ask the node itself (INFO, a marker key: Redis only). */
  scheme: "redis" | "memcached" | "sentinel";
}

/** The placeholders a node's argument templates may use, filled by the backend. */
export const NODE_PLACEHOLDERS = {
  port: "the port the node listens on",
  bind: "the address it binds (127.0.0.1 for processes, 0.0.0.0 in a container)",
  dir: "a folder of the node's own for whatever it writes",
  "replicaof.host": "host of the node's replication link (its Toxiproxy proxy to the node it replicates from)",
  "replicaof.port": "port of that proxy",
  "announce.host": "host of the node's own peers proxy, the address it tells its peers (StoreTopology.peerLinks)",
  "announce.port": "port of that proxy",
  "monitor.host": "a sentinel's: host of the peers proxy of the primary it monitors",
  "monitor.port": "port of that proxy",
} as const;

/** One way into the store for the app: a node, and the placeholders that tell a replica its proxy's address. */
export interface StoreEndpoint {
  /** `write`, `read`: names a replica's link to it. */
  name: string;
  node: string;
  /**
   * Nodes the app replicas are spread over, in turn (app-1 the first, app-2
   * the second, …): each replica's link for this endpoint leads to its own.
   * Absent: every replica's leads to `node`.
   */
  spread?: readonly string[];
  /**
   * Placeholder names for the host, port and URL of this replica's proxy to
   * the node, with what each means; none for an endpoint that only a list
   * (`lists`) hands out.
   */
  placeholders: { host?: EndpointPlaceholder; port?: EndpointPlaceholder; url?: EndpointPlaceholder };
}

export interface EndpointPlaceholder {
  name: string;
  description: string;
}

/**
 * What a topology offers faults (a fault's schema says which it needs):
 * links from the replicas to the store, a replication link between nodes,
 * a node that may be restarted, a Redis node the app writes to (restarted
 * by restart-redis, its memory limited and filled for eviction), sentinels
 * that promote a replica when the primary is lost.
 */
export const CAPABILITIES = ["app-links", "replication-link", "restart-node", "redis-write-node", "server-list", "failover"] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** For the message that refuses a fault: what it acts on, and which store to use instead. */
export const CAPABILITY_TEXT: Readonly<Record<Capability, { actsOn: string; use: string }>> = {
  "app-links": { actsOn: "the links from the replicas to the store", use: "a store the harness starts (Redis, Memcached)" },
  "restart-node": { actsOn: "a store node", use: "a store the harness starts (Redis, Memcached)" },
  "redis-write-node": { actsOn: "the Redis node the app writes to", use: "a Redis-backed store" },
  "server-list": { actsOn: "the app's list of store nodes", use: "a store whose app hashes over a server list (service memcached)" },
  "replication-link": { actsOn: "the replication link between a primary and its replica node", use: "a store whose topology replicates (service redis-replica)" },
  failover: { actsOn: "the primary that sentinels watch and replace", use: "a store with sentinels (service redis-sentinel)" },
};

/** Derived from the description, so a topology cannot claim what it lacks. */
export function capabilitiesOf(t: StoreTopology): Capability[] {
  return CAPABILITIES.filter((c) => {
    switch (c) {
      case "app-links":
        return t.endpoints.length > 0;
      case "replication-link":
        return t.nodes.some((n) => n.replicaOf !== undefined);
      case "restart-node":
        return t.nodes.some((n) => n.restartable);
      case "redis-write-node":
        return writeNode(t)?.scheme === "redis";
      case "server-list":
        // A list a deploy changes: one with a spare to add (a sentinel list is only where to ask).
        return (t.lists ?? []).length > 0 && t.nodes.some((n) => n.spare === true);
      case "failover":
        return t.nodes.some((n) => n.monitors !== undefined);
    }
  });
}

/** The placeholders a topology gives the replicas, name → meaning. */
export function endpointPlaceholders(t: StoreTopology): Record<string, string> {
  return Object.fromEntries([
    ...t.endpoints.flatMap((e) => Object.values(e.placeholders).map((p): [string, string] => [p.name, p.description])),
    ...(t.lists ?? []).map((l): [string, string] => [l.name, l.description]),
    ...(t.natMap ? [[t.natMap.name, t.natMap.description] as [string, string]] : []),
    ...Object.entries(t.constants ?? {}).map(([name, c]): [string, string] => [name, c.description]),
  ]);
}

/** Placeholder names an endpoint is handed out by: its own, and the lists it is in. */
export function placeholdersOf(t: StoreTopology, e: StoreEndpoint): string[] {
  return [...Object.values(e.placeholders).map((p) => p.name), ...(t.lists ?? []).filter((l) => l.endpoints.includes(e.name)).map((l) => l.name)];
}

/** A node's URL at host:port, directly or through a proxy: the one place a store URL is built. */
export function nodeUrl(node: StoreNode, host: string, port: number): string {
  return `${node.scheme}://${host}:${port}`;
}

/** The values of an endpoint's placeholders for a replica whose proxy to it listens on host:port. */
export function endpointValues(t: StoreTopology, endpoint: StoreEndpoint, host: string, port: number): Record<string, string> {
  const { placeholders: p } = endpoint;
  return {
    ...(p.host ? { [p.host.name]: host } : {}),
    ...(p.port ? { [p.port.name]: String(port) } : {}),
    ...(p.url ? { [p.url.name]: nodeUrl(nodeNamed(t, endpoint.node), host, port) } : {}),
  };
}

/** Where one replica's proxy to an endpoint listens. */
export interface EndpointProxy {
  endpoint: StoreEndpoint;
  host: string;
  port: number;
}

/**
 * Every store placeholder of one replica, from where its proxies listen: each
 * endpoint's own, and the lists, in the list's order, without the nodes that
 * are `unlisted` now (a spare, a removed node); the NAT map from the nodes'
 * `announced` addresses (node → its peers proxy) to this replica's proxies;
 * the constants. Both backends fill a replica's command from this, so a list
 * is joined in one place.
 */
export function storeValues(
  t: StoreTopology,
  proxies: readonly EndpointProxy[],
  unlisted: ReadonlySet<string> = new Set(),
  announced: ReadonlyMap<string, { host: string; port: number }> = new Map(),
): Record<string, string> {
  const values: Record<string, string> = Object.fromEntries(Object.entries(t.constants ?? {}).map(([name, c]) => [name, c.value]));
  for (const x of proxies) Object.assign(values, endpointValues(t, x.endpoint, x.host, x.port));
  for (const list of t.lists ?? []) {
    const at = list.endpoints.flatMap((name) => proxies.filter((x) => x.endpoint.name === name && !unlisted.has(x.endpoint.node)).map((x) => `${x.host}:${x.port}`));
    values[list.name] = at.join(",");
  }
  if (t.natMap) {
    const pairs = proxies.flatMap((x) => {
      const from = announced.get(x.endpoint.node);
      return from ? [`${from.host}:${from.port}=${x.host}:${x.port}`] : [];
    });
    values[t.natMap.name] = pairs.join(",");
  }
  return values;
}

export function nodeNamed(t: StoreTopology, name: string): StoreNode {
  const node = t.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`topology ${t.name} has no node ${name} (has ${t.nodes.map((n) => n.name).join(", ") || "none"})`);
  return node;
}

/** The node the app writes to: the one a store restart restarts, whose loss loses the sessions. */
export function writeNode(t: StoreTopology): StoreNode | undefined {
  const write = t.endpoints.find((e) => e.name === WRITE_ENDPOINT);
  return write && nodeNamed(t, write.node);
}

export const WRITE_ENDPOINT = "write";
export const READ_ENDPOINT = "read";
