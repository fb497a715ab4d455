import { describe, expect, it } from "vitest";
import { StoreListing } from "../../../harness/cluster/StoreListing";
import { topologyLinks } from "../../../harness/plan/buildPlan";
import { type Part, uniqueLinks } from "../../../harness/plan/Plan";
import { startOrder } from "../../../harness/plan/startOrder";
import { placeholdersIn } from "../../../harness/profile/placeholders";
import { capabilitiesOf, endpointPlaceholders, endpointValues, NODE_PLACEHOLDERS, storeValues, type StoreTopology } from "../../../harness/topology/StoreTopology";
import { sizedTopology, TOPOLOGIES, topologyNamed } from "../../../harness/topology/topologies";

const all: StoreTopology[] = Object.values(TOPOLOGIES);
const REPLICAS = ["app-1", "app-2"];

/** The parts a plan would have for `t` and two replicas behind nginx, the balancer first: the order is the dependencies', not the list's. */
function parts(t: StoreTopology): Part[] {
  const links = topologyLinks(t, REPLICAS);
  return [
    { role: "balancer", name: "nginx", upstreams: REPLICAS } as unknown as Part,
    ...REPLICAS.map((name) => ({ role: "replica", name }) as unknown as Part),
    ...t.nodes.map((node) => ({ role: "store", name: node.name, node }) as const),
    ...(links.length > 0 ? [{ role: "fault-proxy", name: "toxiproxy" } as const] : []),
  ];
}

describe("every topology", () => {
  it.each(all.map((t) => [t.name, t] as const))("%s: its nodes, endpoints and placeholders hang together", (_name, t) => {
    const nodes = t.nodes.map((n) => n.name);
    for (const n of t.nodes) {
      const allowed = Object.keys(NODE_PLACEHOLDERS).filter(
        (p) => (n.replicaOf !== undefined || !p.startsWith("replicaof.")) && (n.monitors !== undefined || !p.startsWith("monitor.")) && (t.peerLinks === true || !p.startsWith("announce.")),
      );
      for (const a of n.args) for (const p of placeholdersIn(a)) expect(allowed, `${n.name}: {${p}}`).toContain(p);
      if (n.replicaOf !== undefined) expect(nodes).toContain(n.replicaOf);
    }
    for (const e of t.endpoints) expect(nodes).toContain(e.node);
    for (const l of t.lists ?? []) for (const e of l.endpoints) expect(t.endpoints.map((x) => x.name)).toContain(e);
    const names = Object.keys(endpointPlaceholders(t));
    const given = [
      ...t.endpoints.flatMap((e) => Object.values(e.placeholders).map((p) => p.name)),
      ...(t.lists ?? []).map((l) => l.name),
      ...(t.natMap ? [t.natMap.name] : []),
      ...Object.keys(t.constants ?? {}),
    ];
    expect(given.sort()).toEqual(names.sort());
    expect(new Set(given).size, "placeholder names given twice").toBe(given.length);
  });

  it("offers faults what its description has, no more", () => {
    expect(Object.fromEntries(all.map((t) => [t.name, capabilitiesOf(t)]))).toEqual({
      none: [],
      redis: ["app-links", "restart-node", "redis-write-node"],
      "redis-replica": ["app-links", "replication-link", "restart-node", "redis-write-node"],
      memcached: ["app-links", "restart-node", "server-list"],
      "redis-sentinel": ["app-links", "replication-link", "restart-node", "failover"],
    });
  });
});

describe("redis (one node, as before topologies)", () => {
  const t = topologyNamed("redis");

  it("gives {store.host} {store.port} {store.url}, the URL built from the node's scheme", () => {
    expect(Object.keys(endpointPlaceholders(t))).toEqual(["store.host", "store.port", "store.url"]);
    const [write] = t.endpoints;
    expect(write && endpointValues(t, write, "127.0.0.1", 31000)).toEqual({ "store.host": "127.0.0.1", "store.port": "31000", "store.url": "redis://127.0.0.1:31000" });
  });

  it("keeps the proxy names redis-app-N and starts the node and Toxiproxy together", () => {
    expect(topologyLinks(t, REPLICAS).map((l) => [l.proxy, l.purpose, l.from, l.to, l.endpoint?.name])).toEqual([
      ["redis-app-1", "app", "app-1", "redis", "write"],
      ["redis-app-2", "app", "app-2", "redis", "write"],
    ]);
    expect(startOrder(parts(t), topologyLinks(t, REPLICAS))).toEqual([["redis", "toxiproxy"], ["app-1", "app-2"], ["nginx"]]);
  });
});

describe("redis-replica", () => {
  const t = topologyNamed("redis-replica");
  const links = topologyLinks(t, REPLICAS);

  it("gives each replica a write link to the primary and a read link to the replica node, and the replica node one to the primary", () => {
    expect(links.map((l) => [l.proxy, l.purpose, l.from, l.to, l.endpoint?.name ?? null])).toEqual([
      ["redis-primary-app-1", "app", "app-1", "redis-primary", "write"],
      ["redis-replica-1-app-1", "app", "app-1", "redis-replica-1", "read"],
      ["redis-primary-app-2", "app", "app-2", "redis-primary", "write"],
      ["redis-replica-1-app-2", "app", "app-2", "redis-replica-1", "read"],
      ["redis-primary-redis-replica-1", "replication", "redis-replica-1", "redis-primary", null],
    ]);
  });

  it("starts the primary and Toxiproxy, then the replica node (its link exists by then), then the app, then nginx", () => {
    expect(startOrder(parts(t), links)).toEqual([["redis-primary", "toxiproxy"], ["redis-replica-1"], ["app-1", "app-2"], ["nginx"]]);
  });

  it("gives the read endpoint its own placeholders, beside the write ones every profile knows", () => {
    expect(Object.keys(endpointPlaceholders(t))).toEqual(["store.host", "store.port", "store.url", "store.readHost", "store.readPort", "store.readUrl"]);
  });

  it("names the node that replicates and the one the run cannot lose", () => {
    expect(t.nodes.map((n) => [n.name, n.replicaOf ?? null, n.ready, n.survivable])).toEqual([
      ["redis-primary", null, "tcp", false],
      ["redis-replica-1", "redis-primary", "replica-synced", true],
    ]);
  });
});

describe("redis-replica with --store-replicas 2", () => {
  const t = sizedTopology(topologyNamed("redis-replica"), 2);
  const three = ["app-1", "app-2", "app-3"];
  const links = topologyLinks(t, three);

  it("spreads the app replicas' reads over the replica nodes in turn, each node replicating through a link of its own", () => {
    expect(links.filter((l) => l.endpoint?.name === "read").map((l) => [l.from, l.to, l.proxy])).toEqual([
      ["app-1", "redis-replica-1", "redis-replica-1-app-1"],
      ["app-2", "redis-replica-2", "redis-replica-2-app-2"],
      ["app-3", "redis-replica-1", "redis-replica-1-app-3"],
    ]);
    expect(links.filter((l) => l.purpose === "replication").map((l) => l.proxy)).toEqual(["redis-primary-redis-replica-1", "redis-primary-redis-replica-2"]);
    expect(capabilitiesOf(t)).toEqual(capabilitiesOf(topologyNamed("redis-replica")));
  });

  it("is the one-replica topology with one replica node, and refuses resizing a topology of fixed shape", () => {
    expect(sizedTopology(topologyNamed("redis-replica"), 1)).toEqual(topologyNamed("redis-replica"));
    expect(() => sizedTopology(topologyNamed("redis-sentinel"), 2)).toThrow(/fixed number of replica nodes/);
  });
});

describe("redis-sentinel", () => {
  const t = topologyNamed("redis-sentinel");
  const links = topologyLinks(t, REPLICAS);

  it("gives every node a peers proxy it announces, which its replicas and the sentinels share", () => {
    const peers = links.filter((l) => l.purpose !== "app").map((l) => [l.proxy, l.purpose, l.from, l.to]);
    expect(peers).toEqual([
      ["redis-1-peers", "peer", "redis-1", "redis-1"],
      ["redis-2-peers", "peer", "redis-2", "redis-2"],
      ["redis-3-peers", "peer", "redis-3", "redis-3"],
      ["redis-1-peers", "replication", "redis-2", "redis-1"],
      ["redis-1-peers", "replication", "redis-3", "redis-1"],
      // A sentinel links to every Redis node, so it starts after all of them; it is told of the first primary only.
      ...["sentinel-1", "sentinel-2", "sentinel-3"].flatMap((s) => [1, 2, 3].map((n) => [`redis-${n}-peers`, "sentinel", s, `redis-${n}`])),
    ]);
    // The apps reach each node and sentinel through proxies of their own, never the peers one a partition cuts.
    expect(uniqueLinks(links.filter((l) => l.purpose === "app")).map((l) => l.proxy)).toEqual([
      "redis-1-apps",
      "redis-2-apps",
      "redis-3-apps",
      "sentinel-1-apps",
      "sentinel-2-apps",
      "sentinel-3-apps",
    ]);
  });

  it("starts Toxiproxy (every node's peers proxy is made before the node), the primary, its replicas, the sentinels, then the app", () => {
    expect(startOrder(parts(t), links)).toEqual([["toxiproxy"], ["redis-1"], ["redis-2", "redis-3"], ["sentinel-1", "sentinel-2", "sentinel-3"], ["app-1", "app-2"], ["nginx"]]);
  });

  it("hands the app its sentinels, the master's name, and where to dial each address the sentinels name", () => {
    expect(Object.keys(endpointPlaceholders(t)).sort()).toEqual(["store.masterName", "store.natMap", "store.sentinels"]);
    const at = (name: string, port: number) => {
      const endpoint = t.endpoints.find((e) => e.name === name);
      if (!endpoint) throw new Error(`no endpoint ${name}`);
      return { endpoint, host: "127.0.0.1", port };
    };
    const proxies = [at("redis-1", 32001), at("redis-2", 32002), at("redis-3", 32003), at("sentinel-1", 32011), at("sentinel-2", 32012), at("sentinel-3", 32013)];
    const announced = new Map([
      ["redis-1", { host: "127.0.0.1", port: 33001 }],
      ["redis-2", { host: "127.0.0.1", port: 33002 }],
      ["redis-3", { host: "127.0.0.1", port: 33003 }],
    ]);
    expect(storeValues(t, proxies, new Set(), announced)).toEqual({
      "store.masterName": "sessions",
      "store.sentinels": "127.0.0.1:32011,127.0.0.1:32012,127.0.0.1:32013",
      "store.natMap": "127.0.0.1:33001=127.0.0.1:32001,127.0.0.1:33002=127.0.0.1:32002,127.0.0.1:33003=127.0.0.1:32003",
    });
  });

  it("runs the sentinels from redis-server on a config file of their own, watching the first primary through its peers proxy", () => {
    const s = t.nodes.find((n) => n.name === "sentinel-1");
    expect(s?.args.slice(0, 2)).toEqual(["{dir}/sentinel.conf", "--sentinel"]);
    expect(s?.args.join(" ")).toContain("--sentinel monitor sessions {monitor.host} {monitor.port} 2");
    expect(s?.emptyFiles).toEqual(["sentinel.conf"]);
    expect(t.nodes.filter((n) => n.scheme === "redis").map((n) => n.args.join(" ").includes("--replica-announce-ip {announce.host} --replica-announce-port {announce.port}"))).toEqual([true, true, true]);
  });
});

describe("startOrder", () => {
  it("refuses parts that wait for each other", () => {
    const a = { role: "store", name: "a" } as unknown as Part;
    const b = { role: "store", name: "b" } as unknown as Part;
    const loop = [
      { proxy: "b-a", purpose: "replication", from: "a", to: "b" },
      { proxy: "a-b", purpose: "replication", from: "b", to: "a" },
    ] as const;
    expect(() => startOrder([a, b, { role: "fault-proxy", name: "toxiproxy" }], [...loop])).toThrow(/circle/);
  });
});

describe("memcached", () => {
  const t = topologyNamed("memcached");

  it("gives one placeholder, {store.servers}: this replica's proxy to each listed node, in node order", () => {
    expect(Object.keys(endpointPlaceholders(t))).toEqual(["store.servers"]);
    const [one, two, three] = t.endpoints;
    if (!one || !two || !three) throw new Error("three endpoints expected");
    // Given in any order, joined in the list's: the client hashes over it.
    const proxies = [
      { endpoint: three, host: "127.0.0.1", port: 31003 },
      { endpoint: two, host: "127.0.0.1", port: 31002 },
      { endpoint: one, host: "127.0.0.1", port: 31001 },
    ];
    const listing = new StoreListing(t);
    expect(storeValues(t, proxies, listing.unlisted())).toEqual({ "store.servers": "127.0.0.1:31001,127.0.0.1:31002" });
    // add-node, then remove-node: the list a replica started afterwards gets.
    listing.set("memcached-3", true);
    expect(storeValues(t, proxies, listing.unlisted())).toEqual({ "store.servers": "127.0.0.1:31001,127.0.0.1:31002,127.0.0.1:31003" });
    listing.set("memcached-2", false);
    expect(storeValues(t, proxies, listing.unlisted())).toEqual({ "store.servers": "127.0.0.1:31001,127.0.0.1:31003" });
    expect(listing.version).toBe(2);
    listing.set("memcached-2", false);
    expect(listing.version).toBe(2);
  });

  it("links every replica to every node, and starts the nodes and Toxiproxy before the app", () => {
    // One proxy per node, every replica's entry naming it: the same addresses on every replica.
    expect(topologyLinks(t, REPLICAS).map((l) => [l.proxy, l.from, l.shared])).toEqual([
      ["memcached-1-apps", "app-1", true],
      ["memcached-2-apps", "app-1", true],
      ["memcached-3-apps", "app-1", true],
      ["memcached-1-apps", "app-2", true],
      ["memcached-2-apps", "app-2", true],
      ["memcached-3-apps", "app-2", true],
    ]);
    expect(uniqueLinks(topologyLinks(t, REPLICAS)).map((l) => l.proxy)).toEqual(["memcached-1-apps", "memcached-2-apps", "memcached-3-apps"]);
    expect(startOrder(parts(t), topologyLinks(t, REPLICAS))).toEqual([["memcached-1", "memcached-2", "memcached-3", "toxiproxy"], ["app-1", "app-2"], ["nginx"]]);
  });

  it("has nodes a run survives losing, and no Redis node for Redis-only faults", () => {
    expect(t.nodes.map((n) => [n.name, n.scheme, n.restartable, n.survivable, n.spare === true])).toEqual([
      ["memcached-1", "memcached", true, true, false],
      ["memcached-2", "memcached", true, true, false],
      ["memcached-3", "memcached", true, true, true],
    ]);
  });
});
