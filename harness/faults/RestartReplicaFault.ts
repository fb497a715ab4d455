import { type FaultSpec } from "../config/FaultSpec";
import { type Fault, type FaultContext, type FaultOutcome, type FaultSchema } from "./Fault";
import { formatMs } from "./faultLabels";

/**
 * `restart,target=app-N[,at=…]`: the replica is restarted as a deploy
 * restarts it: its stop signal (requests in flight may finish), SIGKILL only
 * after a grace, then started again on the same address and waited for until
 * it answers. What it kept in its own memory (per-process sessions) is gone;
 * what lives in a shared store is not. `rolling-restart` is one of these per
 * replica.
 *
 * An event: it takes no `for`. Its window runs from the moment the replica was
 * asked to stop (when its sessions began to go) to the moment it answered again.
 */
export class RestartReplicaFault implements Fault {
  static readonly schema: FaultSchema = {
    keys: {},
    target: "one-replica",
    lasts: false,
    effect: "wipes-node",
    controlsParts: true,
    stops: "its-target",
  };

  static describe(spec: FaultSpec): string {
    const of = spec.params.step === undefined ? "" : ` (rolling restart, ${String(spec.params.step)})`;
    return `${spec.target} restarted (stop signal, then started again)${of}`;
  }

  constructor(
    private readonly spec: FaultSpec,
    _id: string,
  ) {}

  async start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    const stoppedAt = Date.now();
    await ctx.cluster.stopPart(this.spec.target);
    const down = Date.now() - stoppedAt;
    await ctx.cluster.startPart(this.spec.target);
    const back = Date.now();
    return { at: stoppedAt, endedAt: back, detail: `stopped in ${formatMs(down)}, answering again after ${formatMs(back - stoppedAt)}` };
  }

  stop(): Promise<FaultOutcome | undefined> {
    return Promise.resolve(undefined);
  }
}
