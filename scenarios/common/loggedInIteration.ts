import { Counter, Trend } from "k6/metrics";
import { METRIC } from "../lib/metricNames";
import { type SessionClient } from "./SessionClient";

// Flow timings are the sum of the step's request durations as k6 measured them
// on the wire, not wall time: JS overhead in the VU would otherwise blur them,
// and k6's own iteration_duration already reports the wall time.
const flowLogin = new Trend(METRIC.flowLogin, true);
const flowLogout = new Trend(METRIC.flowLogout, true);
const flowIteration = new Trend(METRIC.flowIteration, true);
const flowsCompleted = new Counter(METRIC.flowsCompleted);

/** What a scenario did while logged in: its wire time (ms), and whether every step went as it should. */
export interface Outcome {
  ms: number;
  ok: boolean;
}

/**
 * The frame every session scenario shares: log in as this VU's user, land on
 * the login's redirect (the first read after the session was written, where a
 * replica that has not seen the write answers anonymous: the login loop), run
 * `body`, log out, and record the flow timings. An iteration is completed when
 * the login, the body and the logout all went as they should.
 */
export function loggedInIteration(client: SessionClient, body: (client: SessionClient) => Outcome): void {
  const login = client.login();
  const landing = login.ok ? client.follow(login, "login-redirect") : undefined;
  const loginMs = login.ms + (landing?.ms ?? 0);
  flowLogin.add(loginMs);

  const done = body(client);

  const logout = client.logout();
  flowLogout.add(logout.ms);
  flowIteration.add(loginMs + done.ms + logout.ms);
  if (login.ok && done.ok && logout.ok) flowsCompleted.add(1);
}
