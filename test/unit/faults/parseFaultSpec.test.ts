import { describe, expect, it } from "vitest";
import { parseFaultSpec as parse, type FaultSpec } from "../../../harness/config/FaultSpec";
import { UsageError } from "../../../harness/errors/UsageError";
import { describeFault, FAULT_SCHEMAS, worstFaultDelayMs } from "../../../harness/faults/faults";
import { capabilitiesOf } from "../../../harness/topology/StoreTopology";
import { topologyNamed } from "../../../harness/topology/topologies";

const REPLICAS = ["app-1", "app-2", "app-3"];

/** Parses for a 3-replica run on `store` (its topology's capabilities: redis has links and a node to restart; memory has none). */
function parseFaultSpec(text: string, replicas: readonly string[] = REPLICAS, store = "redis", durationMs?: number): FaultSpec {
  const topology = store === "memory" ? undefined : topologyNamed(store);
  const capabilities = topology ? capabilitiesOf(topology) : [];
  const nodes = topology?.nodes ?? [];
  const storeNodes = {
    "one-node": nodes.filter((n) => n.restartable).map((n) => n.name),
    "listed-node": nodes.filter((n) => n.spare !== true).map((n) => n.name),
    "spare-node": nodes.filter((n) => n.spare === true).map((n) => n.name),
  };
  return parse(text, { schemas: FAULT_SCHEMAS, replicaNames: replicas, storeNodes, sharedLinks: topology?.sharedLinks === true, store, capabilities, ...(durationMs === undefined ? {} : { durationMs }) });
}

function usageError(text: string, store = "redis", durationMs?: number): string {
  try {
    parseFaultSpec(text, REPLICAS, store, durationMs);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected a usage error for ${text}`);
}

describe("parseFaultSpec accepts", () => {
  it.each([
    ["latency=50ms", { kind: "latency", target: "all", atMs: 0, forMs: null, params: { latency: 50, jitter: 0, direction: "both" } }],
    [
      "latency=50ms,jitter=40ms,direction=upstream,target=app-2,at=5s,for=1m30s",
      { kind: "latency", target: "app-2", atMs: 5000, forMs: 90_000, params: { latency: 50, jitter: 40, direction: "upstream" } },
    ],
    ["latency=30ms,jitter=30ms", { params: { latency: 30, jitter: 30 } }],
    [" timeout=500ms , at=0 ", { kind: "timeout", atMs: 0, params: { timeout: 500, direction: "both" } }],
    ["timeout=0", { kind: "timeout", params: { timeout: 0 } }],
    ["reset_peer", { kind: "reset_peer", params: { reset_peer: 0, direction: "both" } }],
    ["reset_peer=100ms,direction=downstream", { kind: "reset_peer", params: { reset_peer: 100, direction: "downstream" } }],
    ["bandwidth=10,target=app-3", { kind: "bandwidth", target: "app-3", params: { bandwidth: 10 } }],
    ["down,target=app-1,at=2s,for=3s", { kind: "down", target: "app-1", atMs: 2000, forMs: 3000, params: {} }],
    ["kill,target=app-2,at=200ms,for=1s", { kind: "kill", target: "app-2", atMs: 200, forMs: 1000, params: {} }],
    ["kill,target=app-2", { kind: "kill", forMs: null }],
    ["restart-redis,at=10s", { kind: "restart-redis", target: "all", atMs: 10_000, forMs: null, params: {} }],
  ])("%s", (text, expected) => {
    expect(parseFaultSpec(text, REPLICAS, "redis")).toMatchObject({ text, ...expected });
  });

  it("replication-lag on a store whose topology replicates, labelled with what it does", () => {
    const spec = parseFaultSpec("replication-lag=100ms,at=2s,for=3s", REPLICAS, "redis-replica");
    expect(spec).toMatchObject({ kind: "replication-lag", target: "all", atMs: 2000, forMs: 3000, params: { "replication-lag": 100 } });
    expect(describeFault(spec)).toBe("replication lag 100 ms on the primary→replica link (the replica node sees each write that much later)");
    expect(worstFaultDelayMs([spec])).toBe(100);
  });

  it("kill needs no Redis: it works on memory-store clusters", () => {
    expect(parseFaultSpec("kill,target=app-1", REPLICAS, "memory").kind).toBe("kill");
  });
});

describe("parseFaultSpec rejects, in one line naming what is allowed", () => {
  it.each([
    ["", /empty item/],
    ["latency=50ms,,at=1s", /empty item/],
    ["lag=50ms", /unknown fault "lag": use one of latency, timeout, reset_peer, bandwidth, down, kill, restart, rolling-restart, restart-redis/],
    ["latency", /latency needs a value, e.g. latency=50ms/],
    ["latency=fast", /latency "fast" is not allowed: use a duration such as 500ms/],
    ["latency=0ms", /latency "0ms" is not allowed/],
    ["latency=50ms,at=soon", /at "soon" is not allowed: use 0 or a duration/],
    ["latency=50ms,for=0", /for "0" is not allowed: use a duration/],
    ["latency=50ms,direction=sideways", /direction "sideways" is not allowed: use one of upstream, downstream, both/],
    ["latency=10ms,jitter=20ms", /jitter 20 ms is larger than latency 10 ms .*use jitter ≤ latency/],
    ["latency=50ms,colour=red", /unknown key "colour": latency takes target, at, for, jitter, direction/],
    ["timeout=1s,jitter=5ms", /timeout does not take jitter: timeout takes target, at, for, direction/],
    ["latency=50ms,at=1s,at=2s", /at given twice/],
    ["latency=50ms,latency=60ms", /latency given twice/],
    ["latency=50ms,down", /one fault per --fault: repeat the flag for down/],
    ["latency=50ms,at", /at needs a value/],
    ["latency=50ms,target=app-9", /target "app-9" is not a replica: use all or one of app-1, app-2, app-3/],
    ["bandwidth=0", /bandwidth "0" is not allowed: use a whole number of KB\/s, at least 1/],
    ["bandwidth=1.5", /bandwidth "1.5" is not allowed/],
    ["down=yes", /down takes no value \(write just down\)/],
    ["down,direction=upstream", /down does not take direction: down takes target, at, for/],
    ["kill", /kill needs one replica: add target=<one of app-1, app-2, app-3>/],
    ["kill,target=all", /kill needs one replica/],
    ["kill,target=app-7", /target "app-7" is not a replica: use one of app-1, app-2, app-3/],
    ["restart-redis,target=app-1", /restart-redis does not take target: restart-redis takes at$/],
    ["restart-redis,for=5s", /restart-redis does not take for: restart-redis takes at$/],
  ])("%j", (text, message) => {
    const line = usageError(text);
    expect(line).toMatch(message);
    expect(line.startsWith(`--fault ${JSON.stringify(text)}: `)).toBe(true);
    expect(line).not.toContain("\n");
  });

  it.each(["latency=50ms", "timeout=1s", "reset_peer", "bandwidth=5", "down"])("%s on a memory-store cluster (no links to act on)", (text) => {
    expect(usageError(text, "memory")).toMatch(/acts on the links from the replicas to the store, and store "memory" has none: use a store the harness starts \(Redis, Memcached\)$/);
  });

  it("restart-node names one store node of the run's topology", () => {
    expect(parseFaultSpec("restart-node,target=memcached-2,at=4s", REPLICAS, "memcached")).toMatchObject({ kind: "restart-node", target: "memcached-2", atMs: 4000, forMs: null });
    expect(usageError("restart-node", "memcached")).toMatch(/: restart-node needs one store node: add target=<one of memcached-1, memcached-2, memcached-3>$/);
    expect(usageError("restart-node,target=app-1", "memcached")).toMatch(/: target "app-1" is not a store node of this run: use one of memcached-1, memcached-2, memcached-3$/);
    expect(usageError("restart-node,target=memcached-1,for=2s", "memcached")).toMatch(/restart-node does not take for/);
    expect(usageError("restart-node,target=redis", "memory")).toMatch(/restart-node acts on a store node, and store "memory" has none/);
    // Redis-only faults are refused on memcached, with what to use instead.
    expect(usageError("restart-redis", "memcached")).toMatch(/acts on the Redis node the app writes to, and store "memcached" has none: use a Redis-backed store$/);
    expect(usageError("ballast=100", "memcached")).toMatch(/acts on the Redis node the app writes to/);
  });

  it("a link fault on memcached acts on every replica: its replicas share one link per node", () => {
    expect(parseFaultSpec("latency=20ms", REPLICAS, "memcached")).toMatchObject({ kind: "latency", target: "all" });
    expect(usageError("latency=20ms,target=app-2", "memcached")).toMatch(
      /: store "memcached" gives every replica one link per node \(a consistent-hash client must see the same addresses on every replica\), so latency cannot act on app-2's alone: leave out target, or use target=all$/,
    );
  });

  it("remove-node names a node in the server list, add-node the spare", () => {
    expect(parseFaultSpec("remove-node,target=memcached-2,interval=2s,at=3s", REPLICAS, "memcached")).toMatchObject({ kind: "remove-node", target: "memcached-2", atMs: 3000, params: { interval: 2000 } });
    expect(parseFaultSpec("add-node,target=memcached-3", REPLICAS, "memcached")).toMatchObject({ kind: "add-node", target: "memcached-3", params: { interval: 3000 } });
    expect(usageError("remove-node,target=memcached-3", "memcached")).toMatch(/: target "memcached-3" is not a node in the app's server list: use one of memcached-1, memcached-2$/);
    expect(usageError("add-node,target=memcached-1", "memcached")).toMatch(/: target "memcached-1" is not a spare node out of the app's server list: use one of memcached-3$/);
    expect(usageError("add-node", "redis")).toMatch(/add-node acts on the app's list of store nodes, and store "redis" has none: use a store whose app hashes over a server list \(service memcached\)$/);
  });

  it("failover kills the primary the sentinels name, or partitions it for a while", () => {
    expect(parseFaultSpec("failover,at=5s", REPLICAS, "redis-sentinel")).toMatchObject({ kind: "failover", atMs: 5000, forMs: null, params: { kind: "kill" } });
    expect(parseFaultSpec("failover,kind=partition,at=4s,for=6s", REPLICAS, "redis-sentinel")).toMatchObject({ atMs: 4000, forMs: 6000, params: { kind: "partition" } });
    expect(usageError("failover,kind=partition,at=4s", "redis-sentinel")).toMatch(/: failover,kind=partition needs for=…: the writes a partitioned primary took are lost only when it rejoins, within the run$/);
    expect(usageError("failover,kind=pause", "redis-sentinel")).toMatch(/: kind "pause" is not allowed: use one of kill, partition$/);
    expect(usageError("failover,target=redis-1", "redis-sentinel")).toMatch(/target/);
    expect(usageError("failover", "redis-replica")).toMatch(/failover acts on the primary that sentinels watch and replace, and store "redis-replica" has none: use a store with sentinels \(service redis-sentinel\)$/);
    expect(describeFault(parseFaultSpec("failover,kind=partition,for=6s", REPLICAS, "redis-sentinel"))).toBe("failover: the primary cut off from the sentinels and its replicas, for 6 s");
  });

  it("restart-redis on a memory-store cluster (no Redis to act on)", () => {
    expect(usageError("restart-redis", "memory")).toMatch(/acts on the Redis node the app writes to, and store "memory" has none: use a Redis-backed store$/);
  });

  it.each([
    ["replication-lag=100ms", "redis", /replication-lag acts on the replication link between a primary and its replica node, and store "redis" has none: use a store whose topology replicates \(service redis-replica\)/],
    ["replication-lag=100ms", "memory", /store "memory" has none/],
    ["replication-lag", "redis-replica", /replication-lag needs a value, e.g. replication-lag=100ms/],
    ["replication-lag=100ms,target=app-1", "redis-replica", /replication-lag does not take target/],
  ])("%s on store %s", (text, store, message) => {
    expect(usageError(text, store)).toMatch(message);
  });

  it("a fault that would start after the load ended: it would never fire", () => {
    expect(usageError("down,at=1h", "redis", 3000)).toMatch(/at=1h is not within the load \(3 s\): it would never fire/);
    expect(usageError("kill,target=app-1,at=3s", "redis", 3000)).toMatch(/never fire/);
    expect(parseFaultSpec("kill,target=app-1,at=2999ms", REPLICAS, "redis", 3000).atMs).toBe(2999);
  });

  it("keeps a pasted newline out of the message", () => {
    expect(usageError("latency=5\n0ms")).not.toContain("\n");
  });
});
