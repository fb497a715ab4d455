import { REDIS } from "../tools/pinnedTools";
import { type StoreEndpoint, type StoreNode, type StoreTopology } from "./StoreTopology";
import { REDIS_LISTEN_ARGS, redisServer } from "./redisServer";

/** The name the sentinels know the primary by (`{store.masterName}`). */
export const SENTINEL_MASTER_NAME = "sessions";
/**
 * How long a sentinel waits on a silent primary before calling it down: a
 * second, as tuned deploys use (Redis's default, 30 s, would spend the run
 * waiting), and long enough that loopback never trips it.
 */
export const SENTINEL_DOWN_AFTER_MS = 1000;
/**
 * The failover timeout; a failover that aborts is tried again after twice
 * this. One does abort, measured: a sentinel picks a replica only if it read
 * the replica's INFO in the last 5 s, and reads it every 10 s until the
 * primary is down, so with a 1 s down-after the first try often finds no
 * replica it trusts ("-failover-abort-no-good-slave"). Redis's 3 min would
 * then retry after 6 min; 2 s retries after 4 s, by when INFO is fresh.
 */
const FAILOVER_TIMEOUT_MS = 2000;
const QUORUM = 2;

const DATA_NODES = ["redis-1", "redis-2", "redis-3"];
const SENTINELS = ["sentinel-1", "sentinel-2", "sentinel-3"];
const [FIRST_PRIMARY = "redis-1"] = DATA_NODES;

/**
 * One Redis Sentinel, from redis-server itself (`--sentinel`: the same
 * program Debian's redis-sentinel links to, without that package's system
 * service, which would start a sentinel of its own on 26379). It starts from
 * an empty config file of its own, which it rewrites as it learns the
 * replicas and the other sentinels.
 */
function sentinel(name: string): StoreNode {
  const master = (option: string, value: string): string[] => ["--sentinel", option, SENTINEL_MASTER_NAME, value];
  return {
    name,
    program: REDIS,
    args: [
      "{dir}/sentinel.conf",
      "--sentinel",
      ...REDIS_LISTEN_ARGS,
      "--sentinel",
      "monitor",
      SENTINEL_MASTER_NAME,
      "{monitor.host}",
      "{monitor.port}",
      String(QUORUM),
      ...master("down-after-milliseconds", String(SENTINEL_DOWN_AFTER_MS)),
      ...master("failover-timeout", String(FAILOVER_TIMEOUT_MS)),
    ],
    emptyFiles: ["sentinel.conf"],
    ready: "sentinel-informed",
    sentinelOf: { master: SENTINEL_MASTER_NAME, replicas: DATA_NODES.length - 1, sentinels: SENTINELS.length },
    restartable: false,
    // Two of three still make a quorum.
    survivable: true,
    monitors: FIRST_PRIMARY,
    scheme: "sentinel",
  };
}

/**
 * `service: "redis-sentinel"`: a primary, two replicas and three sentinels
 * (quorum 2), as Redis's own docs lay out. The app asks the sentinels where
 * the primary is (`{store.sentinels}`, `{store.masterName}`) and dials the
 * address they name through its own proxy (`{store.natMap}`). Each Redis node
 * is reached by the sentinels and its replicas through a peers proxy of its
 * own, so `failover,kind=partition` can cut the primary off from them while
 * the apps still write to it: the writes Sentinel's docs call lost forever.
 *
 * Every data node survives its loss (a replica takes over); the run ends only
 * when the harness itself cannot go on.
 */
export const REDIS_SENTINEL: StoreTopology = {
  name: "redis-sentinel",
  description: "a Redis primary, two replicas and three sentinels (quorum 2); the app finds the primary through the sentinels",
  nodes: [
    ...DATA_NODES.map((name) =>
      redisServer(name, { ...(name === FIRST_PRIMARY ? {} : { replicaOf: FIRST_PRIMARY }), restartable: true, survivable: true, announces: true }),
    ),
    ...SENTINELS.map(sentinel),
  ],
  endpoints: [...DATA_NODES, ...SENTINELS].map((node): StoreEndpoint => ({ name: node, node, placeholders: {} })),
  lists: [{ name: "store.sentinels", description: "host:port of this replica's proxy to each sentinel, comma-separated", endpoints: SENTINELS }],
  natMap: { name: "store.natMap", description: "announced host:port=this replica's proxy host:port for each Redis node, comma-separated: where to dial the address a sentinel names" },
  constants: { "store.masterName": { value: SENTINEL_MASTER_NAME, description: "the name the sentinels know the primary by" } },
  // One address per node for every replica, as with Memcached: a NAT map is the same for all of them.
  sharedLinks: true,
  peerLinks: true,
};
