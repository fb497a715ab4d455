import { type Redis } from "ioredis";
import { nodeClient, SAMPLER_CLIENT } from "../cluster/nodeClient";
import { type StartedCluster } from "../cluster/Cluster";
import { storeParts } from "../plan/Plan";
import { type ReplicationEvidence, type ReplicationSample, type ReplicationSummary, summarizeReplication } from "../report/replicationLag";
import { READ_ENDPOINT } from "../topology/StoreTopology";

/** Often enough that a 100 ms lag is seen five times over; two INFO commands a tick cost Redis nothing measurable. */
export const SAMPLE_INTERVAL_MS = 20;

const offset = (info: string, field: string): number | undefined => {
  const m = new RegExp(`^${field}:(\\d+)\\r?$`, "m").exec(info);
  return m ? Number(m[1]) : undefined;
};

/** One replica node and the primary it replicates from, each with a client straight to it. */
interface Pair {
  replica: string;
  primary: string;
  clients: { primary: Redis; replica: Redis };
  samples: ReplicationSample[];
}

/** What the sampler measured: each replica node's samples in time order, their summaries in node order, and which node each app replica reads from. */
export interface ReplicationReading extends ReplicationEvidence {
  summaries: readonly ReplicationSummary[];
}

/**
 * Reads the replication offsets of every replica node and its primary side
 * by side while the load runs, straight from the nodes (not through the
 * proxies, whose faults would delay the reading itself). Attribution asks a
 * read's node how far behind it was when the read missed a write. Only for a
 * topology with replicating nodes; a sample that fails (a node restarting)
 * is skipped.
 */
export class ReplicationSampler {
  private readonly pairs: Pair[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly readNodes: Record<string, string>;

  constructor(cluster: StartedCluster) {
    this.readNodes = Object.fromEntries(cluster.plan.links.filter((l) => l.purpose === "app" && l.endpoint?.name === READ_ENDPOINT).map((l) => [l.from, l.to]));
    for (const node of storeParts(cluster.plan)) {
      const primary = node.node.replicaOf;
      if (primary === undefined) continue;
      const clients = { primary: nodeClient(cluster, primary, SAMPLER_CLIENT), replica: nodeClient(cluster, node.name, SAMPLER_CLIENT) };
      if (clients.primary === undefined || clients.replica === undefined) {
        clients.primary?.disconnect();
        clients.replica?.disconnect();
        continue;
      }
      this.pairs.push({ replica: node.name, primary, clients: { primary: clients.primary, replica: clients.replica }, samples: [] });
    }
  }

  start(): void {
    if (this.pairs.length > 0) void this.tick();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    await Promise.all(this.pairs.map((p) => this.sample(p)));
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), SAMPLE_INTERVAL_MS);
  }

  private async sample(pair: Pair): Promise<void> {
    try {
      const asked = Date.now();
      const [p, r] = await Promise.all([pair.clients.primary.info("replication"), pair.clients.replica.info("replication")]);
      const primary = offset(p, "master_repl_offset");
      const replica = offset(r, "slave_repl_offset");
      // Stamped halfway: on a busy machine the answers take milliseconds to come back.
      // A reading that lands after stop() would make the summary and the attribution read different samples.
      if (primary !== undefined && replica !== undefined && !this.stopped) pair.samples.push({ t: (asked + Date.now()) / 2, primary, replica });
    } catch {
      // A node away (restarting, killed): no sample for this moment.
    }
  }

  /** Stops sampling; each node's samples and summary for result.json (none for a topology without replicas). */
  stop(): ReplicationReading {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const p of this.pairs) {
      p.clients.primary.disconnect();
      p.clients.replica.disconnect();
    }
    return {
      readNodes: this.readNodes,
      samples: new Map(this.pairs.map((p) => [p.replica, [...p.samples]])),
      summaries: this.pairs.map((p) => summarizeReplication(p.replica, p.primary, SAMPLE_INTERVAL_MS, p.samples)),
    };
  }
}
