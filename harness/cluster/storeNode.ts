import { type Link, nodeLink, type Plan, type StorePart } from "../plan/Plan";
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

/** Where a link's proxy listens, as the backend placed it (undefined before it is made). */
export type ListenOf = (link: Link) => HostPort | undefined;

/** Where a node's own links listen, whatever runs it: the one it replicates through, its peers proxy, a sentinel's to its primary. */
export function nodeLinkAddresses(plan: Plan, part: string, listenOf: ListenOf): Pick<NodeAddresses, "replicaof" | "announce" | "monitor"> {
  const at = (purpose: "replication" | "peer" | "sentinel"): HostPort | undefined => {
    const link = nodeLink(plan, part, purpose);
    return link && listenOf(link);
  };
  const [replicaof, announce, monitor] = [at("replication"), at("peer"), at("sentinel")];
  return { ...(replicaof ? { replicaof } : {}), ...(announce ? { announce } : {}), ...(monitor ? { monitor } : {}) };
}

/** Each node's announced address (its peers proxy), for the replicas' NAT map; empty without peer links. */
export function announcedAddresses(plan: Plan, listenOf: ListenOf): Map<string, HostPort> {
  return new Map(
    plan.links.flatMap((l): [string, HostPort][] => {
      const listen = l.purpose === "peer" ? listenOf(l) : undefined;
      return listen ? [[l.to, listen]] : [];
    }),
  );
}

/** When a store node counts as started, whatever runs it. */
export function storeNodeReadiness(part: StorePart, port: number, host = "127.0.0.1"): WaitStrategy {
  const { ready, sentinelOf } = part.node;
  if (ready === "replica-synced") return waitForRedisReplica(port, host);
  if (ready === "sentinel-informed" && sentinelOf) return waitForSentinel(port, sentinelOf.master, sentinelOf, host);
  return waitForTcp(port, host);
}
