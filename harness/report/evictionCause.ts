import { storeMemoryLabel } from "../config/storeMemory";
import { type EvictionEvidence, increaseBetween } from "./evictions";

export type EvictionCauseName = "store evicted the session" | "store full, writes refused" | "unknown";

export interface EvictionFinding {
  cause: EvictionCauseName;
  /** The evidence, in a sentence that is the same for every anomaly of the run (it is a counting key). */
  why: string;
}

/**
 * How far around a moment the counters are read: an eviction or refusal the
 * app met shows in the next sample only, and the anomaly is stamped when the
 * answer came back, after the command the store refused.
 */
export const EVICTION_SLACK_MS = 250;

const runTotal = (e: EvictionEvidence, counter: "evicted" | "refused"): number => {
  const [first, last] = [e.samples[0], e.samples.at(-1)];
  return first && last ? increaseBetween(e.samples, counter, first.t, last.t) : 0;
};

/**
 * A session missing while the store was evicting: keys were evicted between
 * the session's write (`ageMs` before `t`, or the load's start when its age is
 * not known) and the read at `t`. Redis's counters do not say which keys went,
 * so a miss while evictions happened is put down to them; a miss while none
 * did is left to the other rules (undefined). Not measured, with a ballast
 * filling the limited store: unknown, and why.
 */
export function evictionMissCause(e: EvictionEvidence | undefined, t: number, ageMs: number | undefined, filling: boolean): EvictionFinding | undefined {
  if (e === undefined) return undefined;
  const label = storeMemoryLabel(e.memory);
  if (e.samples.length === 0) {
    return filling ? { cause: "unknown", why: `the store (${label}) was being filled, but its evictions could not be read` } : undefined;
  }
  const from = ageMs === undefined ? -Infinity : t - ageMs - EVICTION_SLACK_MS;
  if (increaseBetween(e.samples, "evicted", from, t + EVICTION_SLACK_MS) === 0) return undefined;
  return { cause: "store evicted the session", why: `the store evicted sessions to make room: ${label}, ${runTotal(e, "evicted")} keys evicted during the load` };
}

/**
 * A server error (the app's store call failed) while the store refused
 * commands as full around `t`: with noeviction, or a volatile-* policy left
 * with no key it may evict, a full Redis fails writes instead. undefined when
 * it refused none then.
 */
export function storeFullCause(e: EvictionEvidence | undefined, t: number): EvictionFinding | undefined {
  if (e === undefined || increaseBetween(e.samples, "refused", t - 1000 - EVICTION_SLACK_MS, t + EVICTION_SLACK_MS) === 0) return undefined;
  return { cause: "store full, writes refused", why: `${storeMemoryLabel(e.memory)}: ${runTotal(e, "refused")} commands refused as out of memory during the load` };
}
