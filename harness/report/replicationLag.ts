/**
 * How far a replica node was behind its primary, from their replication
 * offsets (`INFO replication`: the primary's `master_repl_offset`, the
 * replica's `slave_repl_offset`) read side by side every few milliseconds
 * during the load (harness/run/ReplicationSampler.ts).
 */
export interface ReplicationSample {
  /** Epoch ms. */
  t: number;
  primary: number;
  replica: number;
}

/**
 * How closely a measured lag can be compared with a write's age: the
 * sampling interval, plus the time between the primary applying a write and
 * the client receiving its answer, which the age (counted from that answer)
 * leaves out and which is tens of ms on a busy machine.
 */
export const LAG_RESOLUTION_MS = 50;

/** Samples further apart than this say nothing about the moment between them (a restart, a stall). */
const MAX_GAP_MS = 250;
/** Looked back no further for when the primary had the replica's offset. */
const MAX_LOOKBACK_MS = 5_000;

/**
 * The replica's lag at epoch ms `t`, in time: how long before `t` the primary
 * had reached the offset the replica had reached at `t` (both interpolated
 * between samples). 0 when it had caught up; undefined without samples on
 * both sides of `t`. `samples` in time order.
 */
export function replicaLagMs(samples: readonly ReplicationSample[], t: number): number | undefined {
  const i = firstAtOrAfter(samples, t);
  const a = samples[i - 1];
  const b = samples[i];
  // A replica ahead of its primary is one still holding offsets from before the primary restarted.
  if (!a || !b || b.t - a.t > MAX_GAP_MS || a.replica > a.primary || b.replica > b.primary) return undefined;
  const reached = a.replica + ((b.replica - a.replica) * (t - a.t)) / Math.max(1, b.t - a.t);
  for (let j = i; j >= 0; j--) {
    const s = samples[j];
    const next = samples[j + 1];
    if (!s || t - s.t > MAX_LOOKBACK_MS) return undefined;
    // Offsets that went down: a restart started them again, and what came before says nothing.
    if (next && next.primary < s.primary) return undefined;
    if (s.primary > reached) continue;
    const when = next && next.primary > s.primary ? s.t + ((reached - s.primary) * (next.t - s.t)) / (next.primary - s.primary) : s.t;
    return Math.max(0, t - when);
  }
  return undefined;
}

/** The index of the first sample at or after epoch ms `t` (samples.length when none): samples in time order. */
export function firstAtOrAfter(samples: readonly { t: number }[], t: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((samples[mid]?.t ?? Infinity) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What attribution reads of the replication: each replica node's samples,
 * and which node each app replica looks sessions up on (a read's node is
 * known from the replica that answered it).
 */
export interface ReplicationEvidence {
  samples: ReadonlyMap<string, readonly ReplicationSample[]>;
  readNodes: Readonly<Record<string, string>>;
}

/** The samples of the node that app replica `reader` reads from; with one replica node, that node's whoever read. */
export function samplesFor(e: ReplicationEvidence, reader: string | null): readonly ReplicationSample[] | undefined {
  const node = reader === null ? undefined : e.readNodes[reader];
  if (node !== undefined) return e.samples.get(node);
  return e.samples.size === 1 ? [...e.samples.values()][0] : undefined;
}

/** result.json's fields for the summaries: `replication` the first node's, `replicationNodes` every node's when there are several. */
export function replicationFields(summaries: readonly ReplicationSummary[]): { replication?: ReplicationSummary; replicationNodes?: ReplicationSummary[] } {
  const [first] = summaries;
  if (first === undefined) return {};
  return summaries.length === 1 ? { replication: first } : { replication: first, replicationNodes: [...summaries] };
}

/** What result.json keeps of the samples: enough to say how far behind the replica ran, not every sample. */
export interface ReplicationSummary {
  /** The replica node and its primary. */
  replica: string;
  primary: string;
  samples: number;
  intervalMs: number;
  /** The replica's time lag at each sample, ms: median and worst. */
  lagMs: { p50: number; max: number };
  /** The primary's offset minus the replica's, bytes: worst. */
  maxBehindBytes: number;
}

export function summarizeReplication(replica: string, primary: string, intervalMs: number, samples: readonly ReplicationSample[]): ReplicationSummary {
  const lags = samples.map((s) => replicaLagMs(samples, s.t + 0.5)).filter((l): l is number => l !== undefined).sort((x, y) => x - y);
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return {
    replica,
    primary,
    samples: samples.length,
    intervalMs,
    lagMs: { p50: round(lags[Math.floor(lags.length / 2)] ?? 0), max: round(lags[lags.length - 1] ?? 0) },
    maxBehindBytes: Math.max(0, ...samples.map((s) => s.primary - s.replica)),
  };
}

/** The report's sentence about it. */
export function replicationNote(r: ReplicationSummary): string {
  if (r.samples === 0) return `The replica node ${r.replica}'s replication offsets could not be read during the load, so how far it ran behind ${r.primary} is unknown.`;
  return `The replica node ${r.replica} ran ${r.lagMs.p50} ms behind ${r.primary} at the median and ${r.lagMs.max} ms at worst (at most ${r.maxBehindBytes} bytes of the replication stream), from their replication offsets read every ${r.intervalMs} ms (${r.samples} samples).`;
}
