import { type Options } from "k6/options";
import { SUMMARY_TREND_STATS } from "../lib/metricNames";
import { type ScenarioEnv } from "../lib/parseScenarioEnv";

/**
 * The options every session scenario runs with: the harness's VUs and
 * duration, its global tags and the trend stats the harness reads. The gates
 * are the harness's, decided from the run's history.
 */
export function scenarioOptions(env: ScenarioEnv): Options {
  return {
    vus: env.vus,
    duration: env.duration,
    tags: env.tags,
    summaryTrendStats: SUMMARY_TREND_STATS,
  };
}
