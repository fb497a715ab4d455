import { type Redis } from "ioredis";
import { nodeClient, SAMPLER_CLIENT } from "../cluster/nodeClient";
import { type StartedCluster } from "../cluster/Cluster";
import { type StoreMemory } from "../config/storeMemory";
import { storePart } from "../plan/Plan";
import { type EvictionSample, type EvictionSummary, summarizeEvictions } from "../report/evictions";

/** A session lives for seconds in every scenario; a few readings a second place an eviction within its life, for one INFO each. */
export const EVICTION_INTERVAL_MS = 100;

const field = (info: string, name: string): number | undefined => {
  const m = new RegExp(`^${name}:(?:count=)?(\\d+)`, "m").exec(info);
  return m ? Number(m[1]) : undefined;
};

/**
 * Reads the write node's eviction and refusal counters while the load runs,
 * straight from the node (not through a proxy a fault may slow), for a run
 * whose store has a memory limit. A reading that fails (the node restarting)
 * is skipped.
 */
export class EvictionSampler {
  private readonly samples: EvictionSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly redis: Redis | undefined;
  private readonly node: string | undefined;

  constructor(
    cluster: StartedCluster,
    private readonly memory: StoreMemory | undefined,
  ) {
    const node = storePart(cluster.plan);
    if (memory === undefined || node === undefined) return;
    this.redis = nodeClient(cluster, node.name, SAMPLER_CLIENT);
    if (this.redis) this.node = node.name;
  }

  start(): void {
    if (this.redis) void this.tick(this.redis);
  }

  private async tick(redis: Redis): Promise<void> {
    if (this.stopped) return;
    try {
      const asked = Date.now();
      // Without a section INFO answers the default ones, which hold all three counters.
      const info = await redis.info();
      const [evicted, refused, usedBytes] = [field(info, "evicted_keys"), field(info, "errorstat_OOM") ?? 0, field(info, "used_memory")];
      // A reading that lands after stop() would make the summary and the attribution count different totals.
      if (evicted !== undefined && usedBytes !== undefined && !this.stopped) this.samples.push({ t: (asked + Date.now()) / 2, evicted, refused, usedBytes });
    } catch {
      // The node away for a moment: no sample for it.
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(redis), EVICTION_INTERVAL_MS);
  }

  /** Stops reading; the samples and their summary (none for a store without a memory limit). */
  stop(): { samples: readonly EvictionSample[]; summary?: EvictionSummary } {
    this.stopped = true;
    clearTimeout(this.timer);
    this.redis?.disconnect();
    if (this.memory === undefined || this.node === undefined) return { samples: [] };
    const samples = [...this.samples];
    return { samples, summary: summarizeEvictions(this.node, this.memory, EVICTION_INTERVAL_MS, samples) };
  }
}
