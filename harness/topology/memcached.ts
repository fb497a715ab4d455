import { MEMCACHED } from "../tools/pinnedTools";
import { type StoreEndpoint, type StoreNode, type StoreTopology } from "./StoreTopology";

/**
 * How many nodes `service: "memcached"` lists: two, so losing one loses about
 * half the sessions and the other half shows the loss is that node's. A third
 * runs as a spare, for add-node.
 */
export const MEMCACHED_NODES = 2;

/**
 * One memcached node, the one place its command line is written. `-m 64`:
 * enough for any run's sessions (eviction is a Redis fault here). `-u nobody`:
 * memcached refuses to start as root without a user to drop to, and a
 * container runs as root; as anyone else it is ignored. `-U 0`: no UDP, which
 * nothing uses and Toxiproxy cannot carry.
 */
function memcachedServer(name: string, spare: boolean): StoreNode {
  return {
    name,
    ...(spare ? { spare } : {}),
    program: MEMCACHED,
    args: ["-p", "{port}", "-l", "{bind}", "-U", "0", "-m", "64", "-t", "1", "-u", "nobody"],
    ready: "tcp",
    restartable: true,
    // The app still reaches the other nodes: losing one is what a run measures.
    survivable: true,
    scheme: "memcached",
  };
}

const names = Array.from({ length: MEMCACHED_NODES + 1 }, (_, i) => `memcached-${i + 1}`);

/**
 * `service: "memcached"`: two memcached nodes that know nothing of each other;
 * the app's client picks a node per key by hashing over its server list
 * (`{store.servers}`, this replica's proxies in node order). Nothing is
 * replicated, nothing persists: a node that restarts comes back empty, and
 * the sessions that hashed to it are gone (the others stay). The last node is
 * a spare, in the list only once add-node puts it there. Every replica is
 * given the same list of addresses (one proxy per node, shared), as every app
 * server of a real deploy is.
 */
export const MEMCACHED_TOPOLOGY: StoreTopology = {
  name: "memcached",
  description: `${MEMCACHED_NODES} memcached nodes (and a spare for add-node); the app's client hashes each session to one of them`,
  nodes: names.map((name, i) => memcachedServer(name, i >= MEMCACHED_NODES)),
  endpoints: names.map((node): StoreEndpoint => ({ name: node, node, placeholders: {} })),
  // One address per node for every replica: consistent-hash clients hash it.
  sharedLinks: true,
  lists: [{ name: "store.servers", description: "host:port of this replica's proxy to each memcached node in the list now, comma-separated, in node order", endpoints: names }],
};
