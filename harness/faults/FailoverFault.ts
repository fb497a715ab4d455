import { type FailoverKind } from "../config/FaultParam";
import { type FaultSpec } from "../config/FaultSpec";
import { nodeLink } from "../plan/Plan";
import { type Fault, type FaultContext, type FaultOutcome, type FaultSchema, type StopReason } from "./Fault";
import { formatMs } from "./faultLabels";
import { requireToxiproxy } from "./ToxicFault";
import { dataNodeKeys, isReplica, sentinelPrimary, watchSwitch, type SwitchWatch } from "./sentinelView";

/** The longest the fault waits for the sentinels to promote a replica, or for the old primary to rejoin as one. */
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * `failover[,kind=kill|partition][,at=…][,for=…]` on `redis-sentinel`: the
 * primary the sentinels name is lost, and they promote a replica.
 * - `kill` (the default): SIGKILL. What it acknowledged and had not passed
 *   on yet is gone. At the window's end it starts again, empty (no
 *   persistence), and the sentinels make it a replica of the new primary.
 * - `partition`: its peers proxy is disabled, so the sentinels and the
 *   replicas lose it while the apps, on their own proxies, still write to it.
 *   At the window's end the proxy is enabled again; the sentinels demote it,
 *   and every write it took meanwhile is gone ("lost forever", Sentinel's
 *   docs). A partition must end within the run, or the loss never shows.
 *
 * The start waits (within the window) for the sentinels' `+switch-master`,
 * so the timeline names the promoted node and how long it took; the end is
 * stamped when the old primary is a replica again, since until then the
 * apps may still write to it.
 */
export class FailoverFault implements Fault {
  static readonly schema: FaultSchema = {
    keys: { kind: { type: "failover-kind", default: "kill" } },
    target: "none",
    lasts: true,
    needs: "failover",
    effect: "fails-over",
    controlsParts: true,
    stops: "the-store",
    check: (p, forMs) => (p["kind"] === "partition" && forMs === null ? "failover,kind=partition needs for=…: the writes a partitioned primary took are lost only when it rejoins, within the run" : undefined),
  };

  private primary: string | undefined;
  private promoted: string | undefined;
  private watch: SwitchWatch | undefined;

  constructor(
    private readonly spec: FaultSpec,
    _id: string,
  ) {}

  static describe(spec: FaultSpec): string {
    const end = spec.forMs === null ? "" : `, for ${formatMs(spec.forMs)}`;
    return kindOf(spec) === "partition" ? `failover: the primary cut off from the sentinels and its replicas${end}` : `failover: the primary killed${end}`;
  }

  async start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    const primary = await sentinelPrimary(ctx);
    this.primary = primary;
    this.watch = await watchSwitch(ctx);
    const at = Date.now();
    if (kindOf(this.spec) === "kill") await ctx.cluster.killPart(primary);
    else await this.setPeers(ctx, primary, false);
    // Within the window: a failover slower than it is reported at its end.
    const wait = this.spec.forMs === null ? SETTLE_TIMEOUT_MS : Math.min(SETTLE_TIMEOUT_MS, this.spec.forMs);
    const switched = await this.watch.next(wait);
    this.promoted = switched?.node;
    const what = kindOf(this.spec) === "kill" ? `${primary} (the primary) killed` : `${primary} (the primary) cut off from the sentinels and its replicas; the apps still reach it`;
    const then = switched ? `the sentinels promoted ${switched.node} ${formatMs(switched.at - at)} later` : `no replica promoted within ${formatMs(wait)}`;
    return { at, detail: `${what}; ${then}` };
  }

  async stop(ctx: FaultContext, reason: StopReason): Promise<FaultOutcome | undefined> {
    const primary = this.primary ?? "the primary";
    try {
      this.promoted ??= (await this.watch?.next(0))?.node;
      const promoted = this.promoted === undefined ? "no replica was promoted" : `${this.promoted} was promoted`;
      if (reason === "run-end") return { detail: `run ended with ${primary} ${kindOf(this.spec) === "kill" ? "down" : "cut off"}; ${promoted}` };
      if (this.primary === undefined) return undefined;
      const keys = await dataNodeKeys(ctx, [this.primary, ...(this.promoted ? [this.promoted] : [])]);
      if (kindOf(this.spec) === "kill") await ctx.cluster.startPart(this.primary);
      else await this.setPeers(ctx, this.primary, true);
      const back = Date.now();
      if (this.promoted === undefined) return { detail: `${kindOf(this.spec) === "kill" ? `${primary} started again` : `${primary} reachable again`} before any replica was promoted: nothing failed over` };
      const rejoined = await waitFor(() => isReplica(ctx, primary), SETTLE_TIMEOUT_MS);
      const held = kindOf(this.spec) === "partition" ? `; cut off, it held ${keys.get(primary) ?? "?"} keys and ${this.promoted} ${keys.get(this.promoted) ?? "?"}` : "";
      const how = kindOf(this.spec) === "kill" ? "started again, empty," : "reachable again,";
      if (rejoined === undefined) return { detail: `${primary} ${how} and still not a replica of ${this.promoted} ${formatMs(SETTLE_TIMEOUT_MS)} later${held}` };
      return { at: rejoined, detail: `${primary} ${how} and a replica of ${this.promoted} ${formatMs(rejoined - back)} later${held}` };
    } finally {
      this.watch?.close();
    }
  }

  private async setPeers(ctx: FaultContext, node: string, enabled: boolean): Promise<void> {
    const link = nodeLink(ctx.cluster.plan, node, "peer");
    if (!link) throw new Error(`failover: ${node} has no peers proxy`);
    const proxy = await requireToxiproxy(ctx, this.spec.kind).get(link.proxy);
    // The API replaces listen and upstream too, so they are sent back unchanged.
    await proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream });
  }
}

function kindOf(spec: FaultSpec): FailoverKind {
  return spec.params["kind"] === "partition" ? "partition" : "kill";
}

/** Polls until `check` holds; the epoch ms it first did, or undefined after `timeoutMs`. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return Date.now();
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
