import { type Fault, type FaultContext, type FaultOutcome, type FaultSchema } from "./Fault";
import { type FaultSpec } from "../config/FaultSpec";
import { linkPhrase } from "./faultLabels";
import { requireToxiproxy } from "./ToxicFault";

/**
 * `down`: the link's proxy is disabled (Toxiproxy's `enabled: false`, not a
 * toxic). Toxiproxy then closes every connection through it and stops
 * listening, so the app's open connection drops at once and each reconnection
 * is refused fast: the "Redis is unreachable" failure, as opposed to
 * `timeout`'s "Redis is unresponsive".
 *
 * Two overlapping `down` faults on one link do not stack: the first to end
 * enables the proxy again.
 */
export class DownFault implements Fault {
  static readonly schema: FaultSchema = {
    keys: {},
    target: "links",
    lasts: true,
    needs: "app-links",
    controlsParts: false,
  };

  constructor(
    private readonly spec: FaultSpec,
    _id: string,
  ) {}

  static describe(spec: FaultSpec): string {
    return `${linkPhrase(spec.target)} down (proxy disabled: connections closed, new ones refused)`;
  }

  start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    return this.setEnabled(ctx, false);
  }

  stop(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    return this.setEnabled(ctx, true);
  }

  private async setEnabled(ctx: FaultContext, enabled: boolean): Promise<FaultOutcome | undefined> {
    const toxiproxy = requireToxiproxy(ctx, this.spec.kind);
    const results = await Promise.allSettled(
      ctx.proxyNames.map(async (name) => {
        const proxy = await toxiproxy.get(name);
        // The API replaces listen and upstream too, so they are sent back unchanged.
        await proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream });
      }),
    );
    const failed = ctx.proxyNames.filter((_, i) => results[i]?.status === "rejected");
    if (failed.length > 0) {
      const first = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      const why = first?.reason instanceof Error ? first.reason.message : String(first?.reason);
      throw new Error(`down: could not ${enabled ? "enable" : "disable"} ${failed.join(", ")}: ${why}`);
    }
    return { detail: `${ctx.proxyNames.join(", ")} ${enabled ? "enabled" : "disabled"}` };
  }
}
