import { type Redis } from "ioredis";
import { nodeClient } from "../cluster/nodeClient";
import { storePart } from "../plan/Plan";
import { type Fault, type FaultContext, type FaultOutcome, type FaultSchema } from "./Fault";
import { formatMs } from "./faultLabels";

/**
 * `restart-redis[,at=…]`: the node the app writes to gets SIGKILL and is
 * started again on the same address; the Toxiproxy links stay, and the apps
 * reconnect through them. Without persistence it comes back empty; with
 * `--store-persistence` it replays its append-only file.
 *
 * Whether the sessions survived is read, not assumed from the settings: just
 * before the kill the harness writes a marker key straight to the node, and
 * after the restart asks whether it is still there. Only a node that lost it
 * is recorded as having wiped the store (`effect`), so a restart of a
 * persistent Redis is never blamed for a lost session.
 *
 * An event, not a window: it takes no `for` and records no end, because what
 * it destroyed stays destroyed, so a report attributes later logouts of older
 * sessions to it. Its start is stamped at the SIGKILL (the restart's first
 * act); the detail says how long Redis was away and what it came back with.
 */
export class RestartRedisFault implements Fault {
  static readonly schema: FaultSchema = {
    keys: {},
    target: "none",
    lasts: false,
    needs: "restart-node",
    effect: "wipes-store",
    controlsParts: true,
  };

  static describe(): string {
    return "Redis killed (SIGKILL) and restarted";
  }

  constructor(
    _spec: unknown,
    private readonly id: string,
  ) {}

  async start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    const store = storePart(ctx.cluster.plan);
    if (!store) throw new Error("restart-redis: this run's store has no Redis");
    const marker = `session-harness:restart-marker:${this.id}`;
    const before = await onNode(ctx, store.name, async (r) => {
      await r.set(marker, "1");
      return r.dbsize();
    });
    const killedAt = Date.now();
    await ctx.cluster.killPart(store.name);
    await ctx.cluster.startPart(store.name);
    const after = await onNode(ctx, store.name, async (r) => {
      const kept = (await r.del(marker)) === 1;
      return { kept, keys: await r.dbsize() };
    });
    const away = `Redis answered again after ${formatMs(Date.now() - killedAt)}`;
    if (after === undefined || before === undefined) return { at: killedAt, detail: `${away}; whether it kept its keys could not be read, so it counts as having lost them` };
    if (!after.kept) return { at: killedAt, detail: `${away}, with no keys of the ${before} it held` };
    return { at: killedAt, effect: null, detail: `${away}, with its keys (${after.keys} now, ${before} before the kill)` };
  }

  stop(): Promise<FaultOutcome | undefined> {
    return Promise.resolve(undefined);
  }
}

/** Runs `use` on a short-lived connection straight to the node (not through a proxy a fault may slow); undefined when it cannot. */
async function onNode<T>(ctx: FaultContext, node: string, use: (r: Redis) => Promise<T>): Promise<T | undefined> {
  const redis = nodeClient(ctx.cluster, node, { connectTimeout: 2000, commandTimeout: 2000, lazyConnect: true });
  if (redis === undefined) return undefined;
  try {
    await redis.connect();
    return await use(redis);
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}
