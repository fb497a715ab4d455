/**
 * login-loop: log in, view the dashboard VIEWS times, log out, repeat. Measures
 * how often a client holding a live session is answered as anonymous (the
 * "random logout" of a cluster whose replicas do not share sessions), with the
 * store errors and login failures that would otherwise hide behind it.
 *
 * Run by the harness (harness/k6/runK6.ts), which passes the environment below
 * as `-e K=V`: BASE_URL (required), VUS, DURATION, VIEWS, USERS, COOKIE_NAME,
 * REPLICA_NAMES, GATE_LOGOUT_RATE, STORE, LB, REPLICAS, SUMMARY_PATH.
 */
import { type Options } from "k6/options";
import { Counter, Trend } from "k6/metrics";
import { SessionClient } from "./common/SessionClient";
import { writeSummary } from "./common/writeSummary";
import { buildThresholds } from "./lib/buildThresholds";
import { METRIC, SUMMARY_TREND_STATS } from "./lib/metricNames";
import { envInt, envRate, parseScenarioEnv } from "./lib/parseScenarioEnv";
import { pickUser } from "./lib/pickUser";

const env = parseScenarioEnv(__ENV);
const views = envInt(__ENV, "VIEWS", 5, 0, 10_000);

export const options: Options = {
  vus: env.vus,
  duration: env.duration,
  tags: env.tags,
  summaryTrendStats: SUMMARY_TREND_STATS,
  thresholds: buildThresholds({
    rateGates: {
      [METRIC.sessionLogouts]: envRate(__ENV, "GATE_LOGOUT_RATE", 0),
      [METRIC.loginFailures]: 0,
      [METRIC.sessionStoreErrors]: 0,
    },
    replicaNames: env.replicaNames,
  }),
};

// Flow timings are the sum of the step's request durations as k6 measured them
// on the wire, not wall time: JS overhead in the VU would otherwise blur them,
// and k6's own iteration_duration already reports the wall time.
const flowLogin = new Trend(METRIC.flowLogin, true);
const flowDashboard = new Trend(METRIC.flowDashboard, true);
const flowLogout = new Trend(METRIC.flowLogout, true);
const flowIteration = new Trend(METRIC.flowIteration, true);
const flowsCompleted = new Counter(METRIC.flowsCompleted);

export default function loginLoop(): void {
  const client = new SessionClient(env);
  const login = client.login(pickUser(__VU, env.users));
  // The landing page is the first read after the session was written, where a
  // replica that has not seen the write yet answers anonymous: the login loop.
  const landing = login.ok ? client.follow(login.res, "login-redirect") : undefined;
  const loginMs = login.ms + (landing?.ms ?? 0);
  flowLogin.add(loginMs);

  let viewsMs = 0;
  for (let i = 1; i <= views; i++) {
    const view = client.view("/dashboard", `dashboard#${i}`);
    flowDashboard.add(view.ms);
    viewsMs += view.ms;
  }

  const logout = client.logout();
  flowLogout.add(logout.ms);
  flowIteration.add(loginMs + viewsMs + logout.ms);
  if (login.ok && logout.ok) flowsCompleted.add(1);
}

export const handleSummary = writeSummary(env);
