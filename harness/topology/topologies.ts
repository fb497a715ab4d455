import { MEMCACHED_TOPOLOGY } from "./memcached";
import { NO_STORE } from "./noStore";
import { REDIS_REPLICA } from "./redisReplica";
import { REDIS_SENTINEL } from "./redisSentinel";
import { REDIS_SINGLE } from "./redisSingle";
import { endpointPlaceholders, type StoreTopology } from "./StoreTopology";

/**
 * Every store topology, by the name a profile's store gives as `service`. A
 * new topology is one file plus one line here; see docs/store-topologies.md.
 */
export const TOPOLOGIES = {
  none: NO_STORE,
  redis: REDIS_SINGLE,
  "redis-replica": REDIS_REPLICA,
  "redis-sentinel": REDIS_SENTINEL,
  memcached: MEMCACHED_TOPOLOGY,
} as const satisfies Readonly<Record<string, StoreTopology>>;

export type TopologyName = keyof typeof TOPOLOGIES;
export const TOPOLOGY_NAMES = Object.keys(TOPOLOGIES) as [TopologyName, ...TopologyName[]];

export function topologyNamed(name: string): StoreTopology {
  const t = Object.hasOwn(TOPOLOGIES, name) ? TOPOLOGIES[name as TopologyName] : undefined;
  if (t === undefined) throw new Error(`no store topology named ${JSON.stringify(name)} (have ${TOPOLOGY_NAMES.join(", ")})`);
  return t;
}

/** Every placeholder any topology gives the replicas: what a rendered file may use, whatever the store. */
export function allEndpointPlaceholders(): Record<string, string> {
  return Object.assign({}, ...Object.values(TOPOLOGIES).map((t: StoreTopology) => endpointPlaceholders(t))) as Record<string, string>;
}

/** The topology with the run's replica nodes (`--store-replicas`, checked by buildRunConfig), or as it is. */
export function sizedTopology(t: StoreTopology, replicas: number | undefined): StoreTopology {
  if (replicas === undefined) return t;
  if (!t.resize) throw new Error(`store topology ${t.name} has a fixed number of replica nodes (buildRunConfig checks this)`);
  return t.resize(replicas);
}
