import { posix } from "node:path";
import { type Plan, type StorePart } from "../../plan/Plan";
import { announcedAddresses, type HostPort, type ListenOf, type NodeAddresses, nodeLinkAddresses, storeNodeArgs } from "../storeNode";
import { PORT, proxyPort, STORE_DIR } from "./dockerLayout";

/**
 * Where a node's own links listen (the one it replicates through, its peers
 * proxy, a sentinel's to its primary): on Toxiproxy's container, at
 * `proxyIp`, that container's address on the network (the run's, or the
 * compose file's). An address, not the container's name: a sentinel
 * (Redis 7.0) refuses a hostname in `sentinel monitor` unless it is told
 * `resolve-hostnames yes`, it compares the addresses replicas report with
 * the ones it knows as text, and a node announces what it is given
 * (`--replica-announce-ip`) for the sentinels to dial.
 */
export function dockerNodeAddresses(plan: Plan, part: StorePart, proxyIp: string): Pick<NodeAddresses, "replicaof" | "announce" | "monitor"> {
  return nodeLinkAddresses(plan, part.name, onProxy(plan, proxyIp));
}

/** Each node's announced address (its peers proxy on Toxiproxy's container), for the replicas' NAT map; empty without peer links. */
export function dockerAnnounced(plan: Plan, proxyIp: string): Map<string, HostPort> {
  return announcedAddresses(plan, onProxy(plan, proxyIp));
}

/** A link's proxy on Toxiproxy's container: its address on the network, the port the plan fixed. */
const onProxy =
  (plan: Plan, proxyIp: string): ListenOf =>
  (link) => ({ host: proxyIp, port: proxyPort(plan.links, link.proxy) });

/**
 * A store node's container command: the topology's, with the container's
 * addresses. A node with `emptyFiles` (a sentinel's config file, which it
 * must be able to rewrite) starts through `sh`, which creates them in its
 * folder first; `touch` keeps what a started-again container already wrote.
 */
export function dockerNodeCommand(plan: Plan, part: StorePart, proxyIp: string): string[] {
  const command = [part.node.program.bin, ...storeNodeArgs(part, { port: PORT.store, bind: "0.0.0.0", dir: STORE_DIR, ...dockerNodeAddresses(plan, part, proxyIp) })];
  const files = (part.node.emptyFiles ?? []).map((f) => posix.join(STORE_DIR, f));
  if (files.length === 0) return command;
  return ["sh", "-c", `touch ${files.map(shellQuote).join(" ")} && exec "$@"`, "sh", ...command];
}

const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
