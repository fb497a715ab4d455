/**
 * login-loop: log in, view the protected page VIEWS times, log out, repeat.
 * Measures how often a client holding a live session is answered as anonymous
 * (the "random logout" of a cluster whose replicas do not share sessions),
 * with the server errors and login failures that would otherwise hide behind it.
 *
 * Run by the harness (harness/k6/runK6.ts), which passes the environment as
 * `-e K=V`: BASE_URL, SESSION_CONTRACT (required), VUS, DURATION, VIEWS,
 * THINK_MS, TAGS, SUMMARY_PATH.
 */
import { Trend } from "k6/metrics";
import { loggedInIteration } from "./common/loggedInIteration";
import { scenarioOptions } from "./common/scenarioOptions";
import { SessionClient } from "./common/SessionClient";
import { writeSummary } from "./common/writeSummary";
import { METRIC } from "./lib/metricNames";
import { envInt, parseScenarioEnv } from "./lib/parseScenarioEnv";

const env = parseScenarioEnv(__ENV);
const views = envInt(__ENV, "VIEWS", 5, 0, 10_000);

export const options = scenarioOptions(env);

const flowDashboard = new Trend(METRIC.flowDashboard, true);

export default function loginLoop(): void {
  loggedInIteration(new SessionClient(env), (client) => {
    let ms = 0;
    for (let i = 1; i <= views; i++) {
      const view = client.view(`dashboard#${i}`);
      flowDashboard.add(view.ms);
      ms += view.ms;
    }
    // Only the login and the logout decide a completed flow here: a view
    // answered anonymous is what the scenario measures, not a broken iteration.
    return { ms, ok: true };
  });
}

export const handleSummary = writeSummary(env);
