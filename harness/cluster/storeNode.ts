import { type StorePart } from "../plan/Plan";
import { fillAll } from "../profile/placeholders";
import { waitForRedisReplica } from "../wait/redisReplicaReady";
import { waitForSentinel } from "../wait/sentinelReady";
import { waitForTcp, type WaitStrategy } from "../wait/waitStrategies";

/** Where a backend put a store node, and the folder it may write to. */
export interface NodeAddresses {
  port: number;
  bind: string;
  dir: string;
  /** Where its replication link listens, for a node that replicates from another. */
  replicaof?: HostPort;
  /** Where its own peers proxy listens: the address it announces. */
  announce?: HostPort;
  /** A sentinel's: where its link to the primary it monitors listens. */
  monitor?: HostPort;
}

export interface HostPort {
  host: string;
  port: number;
}

const hostPort = (name: string, at: HostPort | undefined): Record<string, string> => (at ? { [`${name}.host`]: at.host, [`${name}.port`]: String(at.port) } : {});

/** A store node's command line with the addresses its backend chose (the topology's NODE_PLACEHOLDERS). */
export function storeNodeArgs(part: StorePart, a: NodeAddresses): string[] {
  return fillAll(part.node.args, {
    port: String(a.port),
    bind: a.bind,
    dir: a.dir,
    ...hostPort("replicaof", a.replicaof),
    ...hostPort("announce", a.announce),
    ...hostPort("monitor", a.monitor),
  });
}

/** When a store node counts as started, whatever runs it. */
export function storeNodeReadiness(part: StorePart, port: number, host = "127.0.0.1"): WaitStrategy {
  const { ready, sentinelOf } = part.node;
  if (ready === "replica-synced") return waitForRedisReplica(port, host);
  if (ready === "sentinel-informed" && sentinelOf) return waitForSentinel(port, sentinelOf.master, sentinelOf, host);
  return waitForTcp(port, host);
}
