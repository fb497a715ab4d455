/**
 * browser-login-loop: real Chromium users (k6's browser module), each in a
 * fresh browser: the login page on the site's login subdomain and a form
 * post; the landing page; the protected page again, entered from a link on
 * another site; WRITES form posts that add a token, each followed by the
 * redirect the browser takes on its own; a last read; the logout. What only a
 * browser shows: a cookie the browser refuses (Secure over http, SameSite=None
 * without Secure) or withholds (a Domain or Path that does not cover the next
 * page, SameSite=Strict on a cross-site entry), and a redirect followed as soon
 * as its headers arrive. HTTP_VUS k6 HTTP users run the same write-then-read
 * flow on the same cluster alongside, so the two clients can be compared.
 *
 * Environment (`-e K=V`, from the harness): BASE_URL, SITE_URL, LOGIN_URL,
 * ELSEWHERE_URL, SESSION_CONTRACT (required), VUS (browser users), HTTP_VUS,
 * DURATION, WRITES (default 3), THINK_MS, SETTLE_MS, TAGS, SUMMARY_PATH.
 */
import { vuId } from "./common/vuIdentity";
import { type Options } from "k6/options";
import { BrowserSession, type BrowserSites } from "./common/BrowserSession";
import { loggedInIteration } from "./common/loggedInIteration";
import { SessionClient } from "./common/SessionClient";
import { writeSummary } from "./common/writeSummary";
import { writeThenRead } from "./common/writeThenRead";
import { SUMMARY_TREND_STATS } from "./lib/metricNames";
import { envInt, envUrl, parseScenarioEnv } from "./lib/parseScenarioEnv";
import { sessionToken } from "./lib/tokens";

const env = parseScenarioEnv(__ENV);
const writes = envInt(__ENV, "WRITES", 3, 1, 100);
const httpVus = envInt(__ENV, "HTTP_VUS", 0, 0, 1_000);
const sites: BrowserSites = { site: envUrl(__ENV, "SITE_URL"), login: envUrl(__ENV, "LOGIN_URL"), elsewhere: envUrl(__ENV, "ELSEWHERE_URL") };

export const options: Options = {
  scenarios: {
    browser: { executor: "constant-vus", vus: env.vus, duration: env.duration, exec: "browserUser", options: { browser: { type: "chromium" } } },
    ...(httpVus > 0 ? { http: { executor: "constant-vus", vus: httpVus, duration: env.duration, exec: "httpUser" } } : {}),
  },
  tags: env.tags,
  summaryTrendStats: SUMMARY_TREND_STATS,
  thresholds: env.thresholds,
};

export async function browserUser(): Promise<void> {
  const session = await BrowserSession.open(env.contract, sites, env.settleMs);
  try {
    const login = await session.login();
    if (login === undefined) return;
    await session.enterFromElsewhere("dashboard#entry");
    for (let i = 1; i <= writes; i++) await session.writeThenRead(sessionToken(vuId(), __ITER, i), `write#${i}`, `read#${i}`);
    await session.finalRead();
    await session.logout();
  } finally {
    await session.close();
  }
}

export function httpUser(): void {
  loggedInIteration(new SessionClient(env), (client) => writeThenRead(client, writes));
}

export const handleSummary = writeSummary(env);
