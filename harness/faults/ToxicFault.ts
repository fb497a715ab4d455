import { type Toxic, type ToxicDirection, type ToxicType, type Toxiproxy } from "toxiproxy-node-client";
import { type Fault, type FaultContext, type FaultOutcome, type ParamSchema } from "./Fault";
import { type Direction } from "../config/FaultParam";
import { directionParam } from "./readParams";
import { type FaultSpec } from "../config/FaultSpec";

/** The `direction` key every toxic fault takes; `both` puts one toxic on each stream. */
export const DIRECTION_KEY: Readonly<Record<string, ParamSchema>> = { direction: { type: "direction", default: "both" } };

export function streamsOf(direction: Direction): ToxicDirection[] {
  return direction === "both" ? ["upstream", "downstream"] : [direction];
}

export function requireToxiproxy(ctx: FaultContext, kind: string): Toxiproxy {
  if (!ctx.toxiproxy) throw new Error(`${kind} needs Toxiproxy, and this cluster has none (memory store)`);
  return ctx.toxiproxy;
}

/**
 * A fault made of Toxiproxy toxics: one per targeted link and stream. Subclasses
 * say only which toxic and with which attributes.
 *
 * Toxics are named `<fault id>-<type>-<stream>`, the id being unique to this
 * instance, so two faults on one link coexist and each stop removes only its
 * own. Toxicity is always 1.0: Toxiproxy draws it per connection, and the app
 * holds one long-lived Redis connection, so a fraction would mean "all or
 * nothing" at random rather than "some of the commands".
 *
 * A toxic added to a proxy is spliced into the connections already open
 * through it (Toxiproxy's ToxicCollection adds it to every live link), so the
 * app's existing connection is hit at once, without reconnecting.
 */
export abstract class ToxicFault implements Fault {
  protected abstract readonly toxicType: ToxicType;
  /** What this instance put in place and has not removed yet. */
  private added: { proxy: string; toxic: Toxic<unknown> }[] = [];

  constructor(
    protected readonly spec: FaultSpec,
    private readonly id: string,
  ) {}

  /** The toxic's attributes, in Toxiproxy's units (ms, KB/s). */
  protected abstract attributes(): object;

  /** The streams a toxic goes on: the spec's `direction`, unless the fault fixes them. */
  protected streams(): ToxicDirection[] {
    return streamsOf(directionParam(this.spec));
  }

  async start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    const toxiproxy = requireToxiproxy(ctx, this.spec.kind);
    const attributes = this.attributes();
    const streams = this.streams();
    // Every link at once, so "all" takes effect on every replica at nearly the same moment.
    const results = await Promise.allSettled(ctx.proxyNames.map((name) => this.addTo(toxiproxy, name, streams, attributes)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    // Left half-applied, the scheduler's error path calls stop(), which removes what did land.
    if (failed.length > 0) throw new Error(`${this.spec.kind}: toxics not added on ${failed.length} of ${results.length} links: ${reason(failed[0])}`);
    // Toxic names share the fault's id prefix, so one name finds them all in Toxiproxy's API.
    const proxies = [...new Set(this.added.map((a) => a.proxy))];
    return { detail: `${this.added.length} toxics named ${this.id}-* on ${proxies.join(", ")}` };
  }

  private async addTo(toxiproxy: Toxiproxy, proxyName: string, streams: ToxicDirection[], attributes: object): Promise<void> {
    const proxy = await toxiproxy.get(proxyName);
    for (const stream of streams) {
      const name = `${this.id}-${this.toxicType}-${stream}`;
      const toxic = await proxy.addToxic({ name, type: this.toxicType, stream, toxicity: 1, attributes });
      this.added.push({ proxy: proxyName, toxic });
    }
  }

  async stop(): Promise<FaultOutcome | undefined> {
    const toRemove = this.added;
    const results = await Promise.allSettled(toRemove.map((a) => a.toxic.remove()));
    // Keep what could not be removed, so a second stop (finish after an error) tries again.
    this.added = toRemove.filter((_, i) => results[i]?.status === "rejected");
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed.length > 0) {
      const names = this.added.map((a) => `${a.proxy}/${a.toxic.name}`).join(", ");
      throw new Error(`${this.spec.kind}: ${failed.length} toxics not removed (${names}): ${reason(failed[0])}`);
    }
    return undefined;
  }
}

function reason(r: PromiseRejectedResult | undefined): string {
  const err: unknown = r?.reason;
  return err instanceof Error ? err.message : String(err);
}
