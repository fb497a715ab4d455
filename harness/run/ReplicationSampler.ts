import { type Redis } from "ioredis";
import { nodeClient, SAMPLER_CLIENT } from "../cluster/nodeClient";
import { type StartedCluster } from "../cluster/Cluster";
import { storeParts } from "../plan/Plan";
import { type ReplicationSample, type ReplicationSummary, summarizeReplication } from "../report/replicationLag";

/** Often enough that a 100 ms lag is seen five times over; two INFO commands a tick cost Redis nothing measurable. */
export const SAMPLE_INTERVAL_MS = 20;

const offset = (info: string, field: string): number | undefined => {
  const m = new RegExp(`^${field}:(\\d+)\\r?$`, "m").exec(info);
  return m ? Number(m[1]) : undefined;
};

/**
 * Reads the replication offsets of a replica node and its primary side by
 * side while the load runs, straight from the nodes (not through the
 * proxies, whose faults would delay the reading itself). Attribution asks the
 * samples how far behind the replica was when a read missed a write. Only for
 * a topology with a replicating node; a sample that fails (a node restarting)
 * is skipped.
 */
export class ReplicationSampler {
  private readonly samples: ReplicationSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly clients: { primary: Redis; replica: Redis } | undefined;
  private readonly names: { primary: string; replica: string } | undefined;

  constructor(cluster: StartedCluster) {
    const node = storeParts(cluster.plan).find((p) => p.node.replicaOf !== undefined);
    const [primary, replica] = [nodeClient(cluster, node?.node.replicaOf, SAMPLER_CLIENT), nodeClient(cluster, node?.name, SAMPLER_CLIENT)];
    if (!node?.node.replicaOf || primary === undefined || replica === undefined) {
      primary?.disconnect();
      replica?.disconnect();
      return;
    }
    this.names = { primary: node.node.replicaOf, replica: node.name };
    this.clients = { primary, replica };
  }

  start(): void {
    if (this.clients) void this.tick(this.clients);
  }

  private async tick(c: { primary: Redis; replica: Redis }): Promise<void> {
    if (this.stopped) return;
    try {
      const asked = Date.now();
      const [p, r] = await Promise.all([c.primary.info("replication"), c.replica.info("replication")]);
      const primary = offset(p, "master_repl_offset");
      const replica = offset(r, "slave_repl_offset");
      // Stamped halfway: on a busy machine the answers take milliseconds to come back.
      // A reading that lands after stop() would make the summary and the attribution read different samples.
      if (primary !== undefined && replica !== undefined && !this.stopped) this.samples.push({ t: (asked + Date.now()) / 2, primary, replica });
    } catch {
      // A node away (restarting, killed): no sample for this moment.
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(c), SAMPLE_INTERVAL_MS);
  }

  /** Stops sampling; the samples in time order and their summary for result.json (none for a topology without replicas). */
  stop(): { samples: readonly ReplicationSample[]; summary?: ReplicationSummary } {
    this.stopped = true;
    clearTimeout(this.timer);
    this.clients?.primary.disconnect();
    this.clients?.replica.disconnect();
    if (!this.names) return { samples: [] };
    const samples = [...this.samples];
    return { samples, summary: summarizeReplication(this.names.replica, this.names.primary, SAMPLE_INTERVAL_MS, samples) };
  }
}
