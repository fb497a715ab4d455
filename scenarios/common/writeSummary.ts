import { type ScenarioEnv } from "../lib/parseScenarioEnv";

/**
 * handleSummary for every scenario: k6's end-of-test data as JSON, to
 * SUMMARY_PATH and nothing on stdout, because the harness renders its own
 * report from it. Without SUMMARY_PATH (a run by hand) the JSON goes to stdout.
 * k6 also calls this after a SIGINT/SIGTERM, so an interrupted run keeps its numbers.
 */
export function writeSummary(env: ScenarioEnv): (data: unknown) => Record<string, string> {
  return (data) => ({ [env.summaryPath ?? "stdout"]: JSON.stringify(data) });
}
