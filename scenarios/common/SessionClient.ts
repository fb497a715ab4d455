import { check, sleep } from "k6";
import http, { type Params, type RefinedResponse, type ResponseType } from "k6/http";
import { Counter, Rate } from "k6/metrics";
import { formatAnomaly } from "../lib/Anomaly";
import { headerValue } from "../lib/classifyResponse";
import { METRIC, NO_REPLICA, REPLICA_TAG } from "../lib/metricNames";
import { type Credentials } from "../lib/pickUser";
import { type ScenarioEnv } from "../lib/parseScenarioEnv";
import { resolveLocation } from "../lib/resolveLocation";
import { cookieArrived, cookieExpired } from "../lib/sessionCookie";
import { SessionFlow, type Judgement } from "../lib/SessionFlow";

// Created at module top level, i.e. in k6's init context, once per VU; every
// scenario that uses this client shares them, so the names stay uniform.
const sessionLogouts = new Rate(METRIC.sessionLogouts);
const loginFailures = new Rate(METRIC.loginFailures);
const storeErrors = new Rate(METRIC.sessionStoreErrors);
const replicaResponses = new Counter(METRIC.replicaResponses);

export type Response = RefinedResponse<ResponseType | undefined>;

/** A judged request: what it meant, and how long it took on the wire (ms). */
export interface Step extends Judgement {
  res: Response;
  ms: number;
}

/**
 * One VU's browser for one iteration: sends the app's requests without
 * following redirects (the 302 and its Set-Cookie are the thing under test),
 * lets SessionFlow judge each answer, and records the shared metrics and
 * anomalies. Cookies live in k6's per-VU jar, which k6 empties between
 * iterations, so every iteration starts as a fresh browser.
 */
export class SessionClient {
  constructor(
    protected readonly env: ScenarioEnv,
    readonly flow: SessionFlow = new SessionFlow(__VU, __ITER),
  ) {}

  login(user: Credentials): Step {
    const res = this.send("POST", "/login", { username: user.username, password: user.password });
    const cookieOk = cookieArrived(res.cookies[this.env.cookieName], this.jarValues(), Date.now());
    const step = this.record(res, this.flow.login(res, cookieOk));
    loginFailures.add(!step.ok);
    check(step, { "login: 302 to /dashboard with a session cookie": (s) => s.ok });
    return step;
  }

  /** GET a page that needs the session; anonymous answers count as logouts while one is held. */
  view(path: string, stepName: string): Step {
    this.think();
    return this.judgeView(this.send("GET", path), stepName);
  }

  /** Follows a redirect by hand, judged as a view (the login's landing page is the first read). */
  follow(from: Response, stepName: string): Step {
    const location = headerValue(from, "Location") ?? "/";
    return this.judgeView(this.send("GET", resolveLocation(this.env.baseUrl, location)), stepName);
  }

  logout(): Step {
    this.think();
    const res = this.send("POST", "/logout");
    const gone = cookieExpired(res.cookies[this.env.cookieName], this.jarValues(), Date.now());
    const step = this.record(res, this.flow.logout(res, gone));
    check(step, { "logout: 302 to /login with the cookie expired": (s) => s.ok });
    return step;
  }

  private judgeView(res: Response, stepName: string): Step {
    return this.recordSessionRequest(res, this.flow.view(res, stepName), "view with a session: 200");
  }

  /**
   * Records a request that needed the session. Without one (its login failed)
   * a 302 to /login is the right answer: neither a logout nor a failed check.
   */
  protected recordSessionRequest<J extends Judgement>(res: Response, judgement: J, checkName: string): Step & J {
    const step = this.record(res, judgement);
    if (step.logout === undefined) return step;
    sessionLogouts.add(step.logout);
    check(step, { [checkName]: (s) => s.ok });
    return step;
  }

  /** The user's pause before a new action; a followed redirect never waits. */
  protected think(): void {
    if (this.env.thinkMs > 0) sleep(this.env.thinkMs / 1000);
  }

  protected send(method: "GET" | "POST", pathOrUrl: string, form?: Record<string, string>): Response {
    return http.request(method, this.url(pathOrUrl), form ?? null, this.params(pathOrUrl));
  }

  protected url(pathOrUrl: string): string {
    return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : this.env.baseUrl + pathOrUrl;
  }

  /** No redirect following (the 302 is under test), and a name tag that groups URLs differing only by host or query. */
  protected params(pathOrUrl: string): Params {
    const name = pathOrUrl.replace(/^https?:\/\/[^/]+/, "").split("?", 1)[0] ?? pathOrUrl;
    return { redirects: 0, tags: { name } };
  }

  private jarValues(): string[] | undefined {
    return http.cookieJar().cookiesForURL(this.env.baseUrl + "/")[this.env.cookieName];
  }

  protected record<J extends Judgement>(res: Response, judgement: J): Step & J {
    replicaResponses.add(1, { [REPLICA_TAG]: judgement.facts.replica ?? NO_REPLICA });
    storeErrors.add(judgement.facts.storeError);
    for (const anomaly of judgement.anomalies) console.log(formatAnomaly(anomaly));
    return { ...judgement, res, ms: res.timings.duration };
  }
}
