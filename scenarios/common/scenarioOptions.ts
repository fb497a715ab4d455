import { type Options } from "k6/options";
import { SUMMARY_TREND_STATS } from "../lib/metricNames";
import { type ScenarioEnv } from "../lib/parseScenarioEnv";

/**
 * The options every session scenario runs with: the harness's VUs and
 * duration (or a count of iterations within that duration), its global tags, the trend stats the harness reads, and the k6
 * thresholds the harness passes: gates on k6's own metrics, and gates that
 * may stop the load early (abortOnFail). Gates on the session rates are
 * judged by the harness from the run's history.
 */
export function scenarioOptions(env: ScenarioEnv): Options {
  // A fixed count of iterations makes a run's size independent of the machine's speed.
  const shape: Options =
    env.iterations === undefined
      ? { vus: env.vus, duration: env.duration }
      : { scenarios: { default: { executor: "shared-iterations", vus: env.vus, iterations: env.iterations, maxDuration: env.duration } } };
  return {
    ...shape,
    tags: env.tags,
    summaryTrendStats: SUMMARY_TREND_STATS,
    thresholds: env.thresholds,
  };
}
