import { type Options } from "k6/options";
import { buildThresholds, rateGates, type TagSplit } from "../lib/buildThresholds";
import { type MetricName, SUMMARY_TREND_STATS } from "../lib/metricNames";
import { type ScenarioEnv } from "../lib/parseScenarioEnv";

/**
 * The options every session scenario runs with: the harness's VUs and
 * duration, its global tags, the trend stats the harness reads, and the gates
 * named in `gates` (each 0 unless its GATE_* variable loosens it).
 */
export function scenarioOptions(env: ScenarioEnv, gates: readonly MetricName[], splits: readonly TagSplit[] = []): Options {
  return {
    vus: env.vus,
    duration: env.duration,
    tags: env.tags,
    summaryTrendStats: SUMMARY_TREND_STATS,
    thresholds: buildThresholds({ rateGates: rateGates(__ENV, gates), replicaNames: env.replicaNames, splits }),
  };
}
