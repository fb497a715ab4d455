import { replicaNames, type RunConfig } from "../config/RunConfig";
import { type AppProfile } from "../profile/AppProfile";
import { persistenceArgs } from "../config/storePersistence";
import { minReplicasArgs } from "../config/storeMinReplicas";
import { type StoreNode, type StoreTopology } from "../topology/StoreTopology";
import { sizedTopology, topologyNamed } from "../topology/topologies";
import { fastcgiKeepalive } from "./fastcgiKeepalive";
import { BALANCER_PART, FAULT_PROXY_PART, type Link, type Part, type Plan, type ReplicaLaunch, type ReplicaPart, type StorePart } from "./Plan";
import { startOrder } from "./startOrder";

/** A proxy is named for where it leads and who uses it: redis-app-2 (app-2 to the node redis), redis-primary-redis-replica-1, memcached-1-apps (every replica), redis-1-peers. */
export const linkName = (to: string, from: string): string => `${to}-${from}`;
const EVERY_REPLICA = "apps";
/** A node's peers proxy: `redis-1-peers`, which its replicas and the sentinels dial. */
const PEERS = "peers";

/**
 * Every Toxiproxy link of the topology for these replicas: one per replica
 * and endpoint, one per replicating node. With peer links, a node's peers
 * (its replicas, the sentinels) share its `<node>-peers` proxy, and the node
 * has an entry of its own for it, since it announces that address.
 */
export function topologyLinks(topology: StoreTopology, replicas: readonly string[]): Link[] {
  const shared = topology.sharedLinks === true;
  const peers = topology.peerLinks === true;
  const app = topology.endpoints.flatMap((endpoint) =>
    replicas.map((from, i): Link => {
      const to = endpoint.spread?.[i % endpoint.spread.length] ?? endpoint.node;
      return { proxy: linkName(to, shared ? EVERY_REPLICA : from), purpose: "app", from, to, endpoint, ...(shared ? { shared } : {}) };
    }),
  );
  const toNode = (purpose: Link["purpose"], from: string, to: string): Link => ({ proxy: linkName(to, peers ? PEERS : from), purpose, from, to, ...(peers ? { shared: true as const } : {}) });
  const own = peers ? topology.nodes.filter((n) => n.monitors === undefined).map((n) => toNode("peer", n.name, n.name)) : [];
  const replication = topology.nodes.flatMap((n): Link[] => (n.replicaOf === undefined ? [] : [toNode("replication", n.name, n.replicaOf)]));
  // A sentinel links to every Redis node, so it starts once all of them run: its first look at the primary then finds every replica.
  const redisNodes = topology.nodes.filter((n) => n.monitors === undefined).map((n) => n.name);
  const sentinels = topology.nodes.flatMap((n): Link[] => (n.monitors === undefined ? [] : redisNodes.map((to) => toNode("sentinel", n.name, to))));
  // Replica by replica, so a replica's links sit together (and redis-app-N keep the order they always had).
  return [...replicas.flatMap((r) => app.filter((l) => l.from === r)), ...own, ...replication, ...sentinels];
}

/**
 * config + profile → the parts to start. Pure: no ports, no paths of the
 * machine; a backend fills those in. The replica's command is the profile's
 * base launch with the chosen store's, knobs' and weaknesses' env and args
 * added, in that order (a later one wins on the same variable).
 */
export function buildPlan(config: RunConfig, profile: AppProfile, profileDir: string): Plan {
  const { cluster } = config;
  const store = profile.stores[cluster.store];
  const base = profile.replica.process;
  if (!store) throw new Error(`store ${cluster.store} is not in profile ${profile.name} (buildRunConfig checks this)`);
  if (!base) throw new Error(`profile ${profile.name} says no way to start a replica as a process`);
  const knobs: { env: Record<string, string>; args: string[] }[] = Object.entries(cluster.knobs).map(([name, value]) => {
    const v = profile.knobs[name]?.values[value];
    if (!v) throw new Error(`knob ${name}=${value} is not in profile ${profile.name} (buildRunConfig checks this)`);
    return v;
  });
  for (const w of cluster.weaken ?? []) {
    const v = profile.weaknesses[w];
    if (!v) throw new Error(`weakness ${w} is not in profile ${profile.name} (buildRunConfig checks this)`);
    knobs.push(v);
  }
  const topology = sizedTopology(topologyNamed(store.service), cluster.storeReplicas);
  const fastcgi = profile.replica.fastcgi;
  const names = replicaNames(cluster.replicas);
  const links = topologyLinks(topology, names);

  const launch: ReplicaLaunch = {
    command: base.command,
    args: [...base.args, ...store.args, ...knobs.flatMap((k) => k.args)],
    env: Object.assign({}, base.env, store.env, ...knobs.map((k) => k.env)) as Record<string, string>,
    ...(base.cwd === undefined ? {} : { cwd: base.cwd }),
    files: base.files,
    stdinLifeline: base.stdinLifeline,
    stopSignal: base.stopSignal,
    ...(profile.replica.image ? { image: profile.replica.image } : {}),
  };
  const replicas: ReplicaPart[] = names.map((name) => ({
    role: "replica",
    name,
    launch,
    ready: profile.replica.ready,
  }));
  const nodes = topology.nodes.map((node): StorePart => ({ role: "store", name: node.name, node: withStoreSettings(node, cluster) }));
  const unordered: Part[] = [
    ...nodes,
    ...(links.length > 0 ? [{ role: "fault-proxy", name: FAULT_PROXY_PART } as const] : []),
    ...replicas,
    {
      role: "balancer",
      name: BALANCER_PART,
      lb: cluster.lb,
      buffering: cluster.proxyBuffering !== "off",
      tls: cluster.tls === true,
      cookieName: profile.session.cookieName,
      protocol: profile.replica.protocol,
      ...(fastcgi ? { fastcgi: { documentRoot: fastcgi.documentRoot, index: fastcgi.index, ...fastcgiKeepalive(config, fastcgi.workers, cluster.replicas) } } : {}),
      upstreams: names,
      hiddenPaths: profile.capabilities.metrics ? [profile.capabilities.metrics.path] : [],
      probePath: profile.session.protectedPage.path,
    },
  ];
  const order = startOrder(unordered, links);
  const byName = new Map(unordered.map((p) => [p.name, p]));
  return {
    app: profile.name,
    parts: order.flat().flatMap((n) => byName.get(n) ?? []),
    startOrder: order,
    links,
    topology,
    profileDir,
    cookieName: profile.session.cookieName,
    ...(profile.replica.prepare === undefined ? {} : { prepare: profile.replica.prepare }),
    ...(cluster.url === undefined ? {} : { external: { entryUrl: cluster.url, ...(cluster.toxiproxyUrl === undefined ? {} : { toxiproxyUrl: cluster.toxiproxyUrl }) } }),
  };
}

/**
 * A node's command line with the run's memory limit and persistence added,
 * for a Redis node; any other node as it is. Bytes, not the user's text: the
 * report keeps that.
 */
export function withStoreSettings(node: StoreNode, settings: Pick<RunConfig["cluster"], "storeMemory" | "storePersistence" | "storeMinReplicas">): StoreNode {
  if (node.scheme !== "redis") return node;
  const { storeMemory: memory, storePersistence: persistence, storeMinReplicas: minReplicas } = settings;
  const limit = memory === undefined ? [] : ["--maxmemory", String(memory.maxmemoryBytes), "--maxmemory-policy", memory.policy];
  return { ...node, args: [...node.args, ...limit, ...(persistence === undefined ? [] : persistenceArgs(persistence)), ...(minReplicas === undefined ? [] : minReplicasArgs(minReplicas))] };
}
