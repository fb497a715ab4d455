import { type StorePart } from "../plan/Plan";
import { fillAll } from "../profile/placeholders";
import { waitForRedisReplica } from "../wait/redisReplicaReady";
import { waitForTcp, type WaitStrategy } from "../wait/waitStrategies";

/** Where a backend put a store node, and the folder it may write to. */
export interface NodeAddresses {
  port: number;
  bind: string;
  dir: string;
  /** Where its replication link listens, for a node that replicates from another. */
  replicaof?: { host: string; port: number };
}

/** A store node's command line with the addresses its backend chose (the topology's NODE_PLACEHOLDERS). */
export function storeNodeArgs(part: StorePart, a: NodeAddresses): string[] {
  return fillAll(part.node.args, {
    port: String(a.port),
    bind: a.bind,
    dir: a.dir,
    ...(a.replicaof ? { "replicaof.host": a.replicaof.host, "replicaof.port": String(a.replicaof.port) } : {}),
  });
}

/** When a store node counts as started, whatever runs it. */
export function storeNodeReadiness(part: StorePart, port: number, host = "127.0.0.1"): WaitStrategy {
  return part.node.ready === "replica-synced" ? waitForRedisReplica(port, host) : waitForTcp(port, host);
}
