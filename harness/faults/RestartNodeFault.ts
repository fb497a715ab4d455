import { type FaultEffect } from "../config/FaultSchema";
import { type FaultSpec } from "../config/FaultSpec";
import { nodeProbe } from "../cluster/nodeProbe";
import { storeParts, type StorePart } from "../plan/Plan";
import { capabilitiesOf, writeNode } from "../topology/StoreTopology";
import { sentinelPrimary } from "./sentinelView";
import { type Fault, type FaultContext, type FaultOutcome, type FaultSchema } from "./Fault";
import { formatMs } from "./faultLabels";

/**
 * `restart-node,target=<node>[,at=…]`: one store node (a memcached node, a
 * Redis replica node, the primary) gets SIGKILL and is started again on the
 * same address; the links stay, and the apps reconnect through them.
 *
 * What the node lost is read, not assumed: a marker key written straight to
 * it before the kill is looked for after the restart. A node that kept it
 * wiped nothing (`effect` null). One that lost it wiped what it held: the
 * whole store when it is the node the app writes to, the sessions that were
 * on it when it is one of several (memcached), and nothing a user can miss
 * when it is a replica node, which copies its primary again.
 *
 * An event, like restart-redis: what it destroyed stays destroyed, so it
 * takes no `for` and attribution reads its start; its window in the timeline
 * runs from the SIGKILL to the moment the node answered again.
 */
export class RestartNodeFault implements Fault {
  static readonly schema: FaultSchema = {
    keys: {},
    target: "one-node",
    lasts: false,
    needs: "restart-node",
    effect: "wipes-store-node",
    controlsParts: true,
    stops: "its-target",
  };

  static describe(spec: FaultSpec): string {
    return `store node ${spec.target} killed (SIGKILL) and restarted`;
  }

  constructor(
    private readonly spec: FaultSpec,
    private readonly id: string,
  ) {}

  async start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    const part = storeParts(ctx.cluster.plan).find((p) => p.name === this.spec.target);
    if (!part) throw new Error(`restart-node: this run has no store node ${this.spec.target}`);
    return restartStoreNode(ctx, part, this.id, await lossEffect(ctx, part));
  }

  stop(): Promise<FaultOutcome | undefined> {
    return Promise.resolve(undefined);
  }
}

/**
 * What losing its keys does to the sessions, by the node's place in its
 * topology. Under sentinels the place is the one they give it now: the
 * primary, back empty before they call it down (a restart takes well under
 * their second), has its replicas copy its empty keyspace, as Redis's docs
 * warn of restarting a primary without persistence; a replica copies the
 * primary again.
 */
async function lossEffect(ctx: FaultContext, part: StorePart): Promise<FaultEffect | null> {
  const { topology } = ctx.cluster.plan;
  if (capabilitiesOf(topology).includes("failover")) return (await sentinelPrimary(ctx)) === part.name ? "wipes-store" : null;
  if (part.name === writeNode(topology)?.name) return "wipes-store";
  if (part.node.replicaOf !== undefined) return null;
  return "wipes-store-node";
}

/**
 * Kills the node, starts it again, and says what it came back with. `lost`:
 * the effect when the marker is gone (or cannot be read: then it counts as
 * lost, and the detail says so). Stamped at the SIGKILL, the restart's first act.
 */
export async function restartStoreNode(ctx: FaultContext, part: StorePart, id: string, lost: FaultEffect | null): Promise<FaultOutcome> {
  const marker = `session-harness:restart-marker:${id}`;
  const share = await shareOfKeys(ctx, part);
  const before = await probing(ctx, part, async (p) => ((await p.mark(marker)) === true ? await p.keys() : undefined));
  const killedAt = Date.now();
  await ctx.cluster.killPart(part.name);
  await ctx.cluster.startPart(part.name);
  const endedAt = Date.now();
  const after = await probing(ctx, part, async (p) => ({ kept: await p.takeBack(marker), keys: await p.keys() }));
  const away = `${part.name} answered again after ${formatMs(endedAt - killedAt)}`;
  const lostIt = (detail: string): FaultOutcome => ({ at: killedAt, endedAt, detail, effect: lost });
  if (before === undefined || after?.kept === undefined) return lostIt(`${away}; whether it kept its keys could not be read, so it counts as having lost them`);
  if (!after.kept) return lostIt(`${away}, with no keys of the ${before} it held${share}`);
  return { at: killedAt, endedAt, effect: null, detail: `${away}, with its keys (${after.keys ?? "?"} now, ${before} before the kill)` };
}

/**
 * For a node that is one of several holding different keys (memcached): how
 * many keys all of them held, so the detail says what share was at stake.
 * Empty for a topology whose other nodes are copies of it.
 */
async function shareOfKeys(ctx: FaultContext, part: StorePart): Promise<string> {
  // The nodes in the app's list now: a spare holds nothing of the app's.
  const peers = storeParts(ctx.cluster.plan).filter((p) => p.node.scheme === part.node.scheme && p.node.replicaOf === undefined && ctx.cluster.listing.listed(p.name));
  if (peers.length < 2 || part.node.replicaOf !== undefined) return "";
  const counts = await Promise.all(peers.map((p) => probing(ctx, p, (probe) => probe.keys())));
  if (counts.some((n) => n === undefined)) return "";
  return ` (of ${counts.reduce((a = 0, b = 0) => a + b, 0)} on the store's ${peers.length} nodes)`;
}

async function probing<T>(ctx: FaultContext, part: StorePart, use: (p: NonNullable<ReturnType<typeof nodeProbe>>) => Promise<T>): Promise<T | undefined> {
  const probe = nodeProbe(ctx.cluster, part);
  if (probe === undefined) return undefined;
  try {
    return await use(probe);
  } catch {
    return undefined;
  } finally {
    probe.close();
  }
}
