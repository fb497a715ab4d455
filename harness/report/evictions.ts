import { type StoreMemory, storeMemoryLabel } from "../config/storeMemory";
import { firstAtOrAfter } from "./replicationLag";

/**
 * What a Redis store with a memory limit did when it filled, from its own
 * counters (`INFO`: stats' `evicted_keys`, errorstats' `errorstat_OOM`, memory's
 * `used_memory`) read every few hundred milliseconds during the load
 * (harness/run/EvictionSampler.ts). Counters, not keys: Redis does not say
 * which keys it evicted, so a miss is tied to evictions that happened while
 * the session lived, not to its own key.
 */
export interface EvictionSample {
  /** Epoch ms. */
  t: number;
  /** Keys evicted since the node started. */
  evicted: number;
  /** Commands refused since the node started because it was full ("OOM command not allowed when used memory > 'maxmemory'"). */
  refused: number;
  usedBytes: number;
}

/** The run's memory limit and the samples, as attribution reads them. */
export interface EvictionEvidence {
  memory: StoreMemory;
  samples: readonly EvictionSample[];
}

type Counter = "evicted" | "refused";

/**
 * How much a counter went up from the last sample at or before `from` to the
 * first at or after `to` (epoch ms): the samples bracketing the interval, so
 * what happened between two samples is counted rather than missed. 0 without
 * samples on both sides.
 */
export function increaseBetween(samples: readonly EvictionSample[], counter: Counter, from: number, to: number): number {
  const i = firstAtOrAfter(samples, from);
  // Nothing before `from`: the first sample, so counts from the load's start.
  const before = samples[i]?.t === from ? samples[i] : (samples[i - 1] ?? samples[0]);
  const after = samples[firstAtOrAfter(samples, to)] ?? samples.at(-1);
  if (!before || !after || after.t < before.t) return 0;
  // A counter that went down belongs to a restarted node: what it counted before is gone.
  return Math.max(0, after[counter] - before[counter]);
}

/** What result.json keeps: the limit, and what the store did over the load. */
export interface EvictionSummary {
  node: string;
  maxmemory: string;
  policy: StoreMemory["policy"];
  samples: number;
  intervalMs: number;
  evictedKeys: number;
  refusedWrites: number;
  maxUsedBytes: number;
}

export function summarizeEvictions(node: string, memory: StoreMemory, intervalMs: number, samples: readonly EvictionSample[]): EvictionSummary {
  const first = samples[0];
  const last = samples.at(-1);
  return {
    node,
    maxmemory: memory.maxmemory,
    policy: memory.policy,
    samples: samples.length,
    intervalMs,
    evictedKeys: first && last ? increaseBetween(samples, "evicted", first.t, last.t) : 0,
    refusedWrites: first && last ? increaseBetween(samples, "refused", first.t, last.t) : 0,
    maxUsedBytes: Math.max(0, ...samples.map((s) => s.usedBytes)),
  };
}

/** The report's sentence about it. */
export function evictionNote(e: EvictionSummary): string {
  const limit = storeMemoryLabel(e);
  if (e.samples === 0) return `The store node ${e.node} (${limit}) could not be read during the load, so what it evicted or refused is unknown.`;
  const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(2)} MB`;
  return `The store node ${e.node} (${limit}) evicted ${e.evictedKeys} keys and refused ${e.refusedWrites} commands as full during the load, using at most ${mb(e.maxUsedBytes)} (INFO read every ${e.intervalMs} ms, ${e.samples} samples).`;
}
