import { type Redis } from "ioredis";
import { nodeClient } from "../cluster/nodeClient";
import { nodeLink, storeParts } from "../plan/Plan";
import { SENTINEL_MASTER_NAME } from "../topology/redisSentinel";
import { type FaultContext } from "./Fault";
import { requireToxiproxy } from "./ToxicFault";

/**
 * What the harness asks a redis-sentinel store, straight to its nodes (never
 * through a link a fault may cut): which node the sentinels call the
 * primary, when they switch, and what each node holds. Sentinels name nodes
 * by the address they announce, their peers proxy; the proxy's listen
 * address, read from Toxiproxy, maps it back to a node (by its port alone
 * when Toxiproxy, in a container, listens on every interface).
 */

const TIMEOUT_MS = 2000;
const options = { connectTimeout: TIMEOUT_MS, commandTimeout: TIMEOUT_MS, enableOfflineQueue: true };

const sentinels = (ctx: FaultContext): string[] =>
  storeParts(ctx.cluster.plan)
    .filter((p) => p.node.monitors !== undefined)
    .map((p) => p.name);
const dataNodes = (ctx: FaultContext): string[] =>
  storeParts(ctx.cluster.plan)
    .filter((p) => p.node.scheme === "redis")
    .map((p) => p.name);

async function using<T>(ctx: FaultContext, node: string, use: (r: Redis) => Promise<T>): Promise<T | undefined> {
  const redis = nodeClient(ctx.cluster, node, options);
  if (redis === undefined) return undefined;
  try {
    return await use(redis);
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

/** The node whose peers proxy listens on host:port. */
async function nodeAt(ctx: FaultContext, host: string, port: string): Promise<string | undefined> {
  const toxiproxy = requireToxiproxy(ctx, "failover");
  for (const node of dataNodes(ctx)) {
    const link = nodeLink(ctx.cluster.plan, node, "peer");
    if (link && listensAt((await toxiproxy.get(link.proxy)).listen, host, port)) return node;
  }
  return undefined;
}

/** Addresses a listen may report when it takes every interface. */
const WILDCARD_HOSTS = new Set(["", "0.0.0.0", "::", "[::]"]);

/**
 * Whether a proxy whose listen Toxiproxy reports as `listen` is the one a
 * sentinel names as host:port. On processes it listens on the address
 * announced (127.0.0.1:PORT). In a container it listens on every interface
 * (`0.0.0.0:PORT`, or `[::]:PORT` as Go prints it) and is announced at the
 * container's address: its port alone names it, each proxy having its own.
 */
export function listensAt(listen: string, host: string, port: string): boolean {
  const colon = listen.lastIndexOf(":");
  if (colon < 0 || listen.slice(colon + 1) !== port) return false;
  const at = listen.slice(0, colon);
  return at === host || WILDCARD_HOSTS.has(at);
}

/** The node the first sentinel that answers names as the primary. */
export async function sentinelPrimary(ctx: FaultContext): Promise<string> {
  for (const s of sentinels(ctx)) {
    const addr = await using(ctx, s, (r) => r.call("SENTINEL", "get-master-addr-by-name", SENTINEL_MASTER_NAME) as Promise<[string, string] | null>);
    if (!addr) continue;
    const node = await nodeAt(ctx, addr[0], addr[1]);
    if (node) return node;
    throw new Error(`the sentinels name ${addr[0]}:${addr[1]} as the primary, which is no node's peers proxy`);
  }
  throw new Error("no sentinel answered which node is the primary");
}

export interface SwitchWatch {
  /** The next `+switch-master` (or the one already seen), waiting up to `timeoutMs`. */
  next(timeoutMs: number): Promise<{ at: number; node: string } | undefined>;
  close(): void;
}

/** Subscribes to one sentinel's `+switch-master` before the fault acts, so the switch cannot be missed. */
export async function watchSwitch(ctx: FaultContext): Promise<SwitchWatch> {
  const [first] = sentinels(ctx);
  const sub = first === undefined ? undefined : nodeClient(ctx.cluster, first, options);
  if (sub === undefined) throw new Error("failover: no sentinel to watch");
  let seen: Promise<{ at: number; node: string } | undefined> | undefined;
  let resolveSeen: ((v: { at: number; node: string } | undefined) => void) | undefined;
  const switched = new Promise<{ at: number; node: string } | undefined>((resolve) => (resolveSeen = resolve));
  sub.on("message", (_channel: string, message: string) => {
    // "<name> <old ip> <old port> <new ip> <new port>"
    const [name, , , host = "", port = ""] = message.split(" ");
    if (name !== SENTINEL_MASTER_NAME || seen) return;
    const at = Date.now();
    seen = nodeAt(ctx, host, port).then((node) => (node === undefined ? undefined : { at, node }));
    void seen.then((v) => resolveSeen?.(v));
  });
  await sub.subscribe("+switch-master");
  return {
    next: (timeoutMs) => Promise.race([switched, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref())]),
    close: () => sub.disconnect(),
  };
}

/** Whether the node says it is a replica now (ROLE). */
export async function isReplica(ctx: FaultContext, node: string): Promise<boolean> {
  const role = await using(ctx, node, (r) => r.call("ROLE") as Promise<unknown[]>);
  return role?.[0] === "slave";
}

/** How many keys each node holds now; nodes that do not answer are left out. */
export async function dataNodeKeys(ctx: FaultContext, nodes: readonly string[]): Promise<Map<string, number>> {
  const counts = await Promise.all(nodes.map(async (n) => [n, await using(ctx, n, (r) => r.dbsize())] as const));
  return new Map(counts.flatMap(([n, c]) => (c === undefined ? [] : [[n, c] as [string, number]])));
}
