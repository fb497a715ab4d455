import { type FaultSchema } from "../config/FaultSchema";
import { type FaultSpec } from "../config/FaultSpec";
import { type Fault, type FaultContext, type FaultOutcome } from "./Fault";
import { formatMs } from "./faultLabels";

/**
 * What add-node and remove-node share: a schema (a node target, an interval
 * between the replica restarts that follow) and the change itself. The run's
 * configuration fans each out into the change at `at` and one `restart` per
 * replica from then on, `interval` apart (harness/config/fanOutFaults.ts), so
 * the deploy that picks up the new list is the same rolling restart users
 * run, each restart its own event.
 */
export function serverListSchema(target: "listed-node" | "spare-node"): FaultSchema {
  return {
    keys: { interval: { type: "duration", default: 3000 } },
    target,
    lasts: false,
    needs: "server-list",
    effect: "rehashes",
    controlsParts: true,
    fansOut: { into: "restart", apart: "interval", keep: true },
  };
}

/**
 * Changes the list at once, before anything awaits: the restarts scheduled at
 * the same moment run after this start began (timers of one instant fire in
 * the order they were set, and this one was set first), so even the first
 * replica to restart comes back with the new list.
 */
export function changeServerList(ctx: FaultContext, spec: FaultSpec, listed: boolean): Promise<FaultOutcome> {
  // Stamped now, not when the scheduler records it: the first restart's start is stamped in the same instant or after.
  const at = Date.now();
  ctx.cluster.listing.set(spec.target, listed);
  const now = ctx.cluster.plan.topology.nodes.filter((n) => ctx.cluster.listing.listed(n.name)).map((n) => n.name);
  return Promise.resolve({ at, detail: `the server list is now ${now.join(", ")}: each replica gets it when it restarts, one every ${formatMs(Number(spec.params.interval))}` });
}

/** The fault itself: one change of the list, an event (its restarts are separate faults, fanned out). */
export abstract class ServerListFault implements Fault {
  protected abstract readonly listed: boolean;

  constructor(
    private readonly spec: FaultSpec,
    _id: string,
  ) {}

  start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    return changeServerList(ctx, this.spec, this.listed);
  }

  stop(): Promise<FaultOutcome | undefined> {
    return Promise.resolve(undefined);
  }
}
