import { type Fault, type FaultContext, type FaultOutcome, type FaultSchema, type StopReason } from "./Fault";
import { type FaultSpec } from "../config/FaultSpec";
import { formatMs } from "./faultLabels";

/**
 * `kill,target=app-N[,at=…][,for=…]`: the replica gets SIGKILL (no graceful
 * shutdown, in-flight requests die with it, an after-response session write
 * is lost) and is started again when its window ends. Its start is recorded
 * once the process has exited, its end once the replica answers /healthz.
 *
 * Without `for` it stays down until the run ends, and is then left down: the
 * cluster is about to be stopped, and a restart would only delay that (and an
 * aborted run should not start processes).
 */
export class KillReplicaFault implements Fault {
  static readonly schema: FaultSchema = {
    keys: {},
    target: "one-replica",
    lasts: true,
    effect: "wipes-node",
    controlsParts: true,
    stops: "its-target",
  };

  constructor(
    private readonly spec: FaultSpec,
    _id: string,
  ) {}

  static describe(spec: FaultSpec): string {
    const then = spec.forMs === null ? "not restarted before the run ends" : `restarted after ${formatMs(spec.forMs)}`;
    return `${spec.target} killed (SIGKILL), ${then}`;
  }

  async start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    await ctx.cluster.killPart(this.spec.target);
    return undefined;
  }

  async stop(ctx: FaultContext, reason: StopReason): Promise<FaultOutcome | undefined> {
    if (reason === "run-end") return { detail: `run ended: ${this.spec.target} left down` };
    await ctx.cluster.startPart(this.spec.target);
    return { detail: `${this.spec.target} healthy again` };
  }
}
