import { storePart } from "../plan/Plan";
import { type Fault, type FaultContext, type FaultOutcome, type FaultSchema } from "./Fault";
import { formatMs } from "./faultLabels";

/**
 * `restart-redis[,at=…]`: Redis gets SIGKILL and is started again, empty, on
 * the same port (the harness runs it without persistence). Every session is
 * gone; the Toxiproxy links stay, and the apps reconnect through them.
 *
 * An event, not a window: it takes no `for` and records no end, because what
 * it destroyed stays destroyed, so a report attributes later logouts of older
 * sessions to it. Its start is stamped at the SIGKILL (the restart's first
 * act); the detail says how long Redis was away.
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
    return "Redis killed (SIGKILL) and restarted empty";
  }

  async start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    const store = storePart(ctx.cluster.plan);
    if (!store) throw new Error("restart-redis: this run's store has no Redis");
    const killedAt = Date.now();
    await ctx.cluster.killPart(store.name);
    await ctx.cluster.startPart(store.name);
    return { at: killedAt, detail: `Redis answered again after ${formatMs(Date.now() - killedAt)}, with no keys` };
  }

  stop(): Promise<FaultOutcome | undefined> {
    return Promise.resolve(undefined);
  }
}
