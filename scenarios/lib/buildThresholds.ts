import { METRIC, REPLICA_TAG } from "./metricNames";

export interface ThresholdSpec {
  /** Rate metric → the highest rate that still passes; these are the CI gates. */
  rateGates: Readonly<Record<string, number>>;
  /** One always-passing submetric per replica, only so the summary carries its count. */
  replicaNames: readonly string[];
}

/**
 * k6 puts a submetric into the summary only when a threshold names it, so the
 * per-replica response counts ride on `count>=0` thresholds that cannot fail.
 */
export function buildThresholds(spec: ThresholdSpec): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const [metric, max] of Object.entries(spec.rateGates)) {
    if (!(max >= 0 && max <= 1)) throw new RangeError(`gate for ${metric} must be a rate between 0 and 1 (got ${max})`);
    thresholds[metric] = [`rate<=${plainNumber(max)}`];
  }
  for (const replica of spec.replicaNames) {
    thresholds[replicaSubmetric(replica)] = ["count>=0"];
  }
  return thresholds;
}

/** The summary key of one replica's response count, e.g. replica_responses{replica:app-1}. */
export function replicaSubmetric(replica: string): string {
  return `${METRIC.replicaResponses}{${REPLICA_TAG}:${replica}}`;
}

/** 1e-7 as 0.0000001: k6's threshold parser wants a plain decimal. */
function plainNumber(n: number): string {
  return n.toFixed(12).replace(/\.?0+$/, "");
}
