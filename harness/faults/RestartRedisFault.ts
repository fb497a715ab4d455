import { storePart } from "../plan/Plan";
import { type Fault, type FaultContext, type FaultOutcome, type FaultSchema } from "./Fault";
import { restartStoreNode } from "./RestartNodeFault";

/**
 * `restart-redis[,at=…]`: the Redis node the app writes to gets SIGKILL and
 * is started again on the same address (restart-node with that node as its
 * target). Without persistence it comes back empty; with
 * `--store-persistence` it replays its append-only file. Whether the sessions
 * survived is read from a marker key, not assumed from the settings, so a
 * restart of a persistent Redis is never blamed for a lost session.
 */
export class RestartRedisFault implements Fault {
  static readonly schema: FaultSchema = {
    keys: {},
    target: "none",
    lasts: false,
    needs: "redis-write-node",
    effect: "wipes-store",
    controlsParts: true,
    stops: "the-store",
  };

  static describe(): string {
    return "Redis killed (SIGKILL) and restarted";
  }

  constructor(
    _spec: unknown,
    private readonly id: string,
  ) {}

  start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    const store = storePart(ctx.cluster.plan);
    if (!store) throw new Error("restart-redis: this run's store has no Redis");
    return restartStoreNode(ctx, store, this.id, "wipes-store");
  }

  stop(): Promise<FaultOutcome | undefined> {
    return Promise.resolve(undefined);
  }
}
