import { METRIC, REPLICA_TAG, type MetricName } from "./metricNames";
import { envRate, type EnvMap } from "./parseScenarioEnv";

/** A counter split by one tag, each value wanted in the summary even at zero. */
export interface TagSplit {
  metric: string;
  tag: string;
  values: readonly string[];
}

export interface ThresholdSpec {
  /** Rate metric → the highest rate that still passes; these are the CI gates. */
  rateGates: Readonly<Record<string, number>>;
  /** One always-passing submetric per replica, only so the summary carries its count. */
  replicaNames: readonly string[];
  /** Further always-passing submetrics, e.g. stale reads by kind. */
  splits?: readonly TagSplit[];
}

/**
 * k6 puts a submetric into the summary only when a threshold names it, so the
 * per-replica response counts (and any other split) ride on `count>=0`
 * thresholds that cannot fail.
 */
export function buildThresholds(spec: ThresholdSpec): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const [metric, max] of Object.entries(spec.rateGates)) {
    if (!(max >= 0 && max <= 1)) throw new RangeError(`gate for ${metric} must be a rate between 0 and 1 (got ${max})`);
    thresholds[metric] = [`rate<=${plainNumber(max)}`];
  }
  const splits = [{ metric: METRIC.replicaResponses, tag: REPLICA_TAG, values: spec.replicaNames }, ...(spec.splits ?? [])];
  for (const { metric, tag, values } of splits) {
    for (const value of values) thresholds[submetric(metric, tag, value)] = ["count>=0"];
  }
  return thresholds;
}

/** The summary key of one tag value's submetric, e.g. replica_responses{replica:app-1}. */
export function submetric(metric: string, tag: string, value: string): string {
  return `${metric}{${tag}:${value}}`;
}

/** The summary key of one replica's response count, e.g. replica_responses{replica:app-1}. */
export function replicaSubmetric(replica: string): string {
  return submetric(METRIC.replicaResponses, REPLICA_TAG, replica);
}

/**
 * Every gate a scenario may declare, with the variable that loosens it (null:
 * fixed). All default to 0: one logout, stale read or lost write fails the run.
 */
export const GATE_ENV: Readonly<Partial<Record<MetricName, string | null>>> = {
  [METRIC.sessionLogouts]: "GATE_LOGOUT_RATE",
  [METRIC.loginFailures]: null,
  [METRIC.sessionStoreErrors]: "GATE_STORE_ERROR_RATE",
  [METRIC.sessionStaleReads]: "GATE_STALE_READ_RATE",
  [METRIC.sessionLostUpdates]: "GATE_LOST_UPDATE_RATE",
};

/** The rate gates for `metrics`, each 0 unless its GATE_* variable says otherwise. */
export function rateGates(env: EnvMap, metrics: readonly MetricName[]): Record<string, number> {
  const gates: Record<string, number> = {};
  for (const metric of metrics) {
    const variable = GATE_ENV[metric];
    if (variable === undefined) throw new Error(`rateGates: ${metric} is not a gate`);
    gates[metric] = variable === null ? 0 : envRate(env, variable, 0);
  }
  return gates;
}

/** 1e-7 as 0.0000001: k6's threshold parser wants a plain decimal. */
function plainNumber(n: number): string {
  return n.toFixed(12).replace(/\.?0+$/, "");
}
