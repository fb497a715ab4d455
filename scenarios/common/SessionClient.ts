import { vuId } from "./vuIdentity";
import { check, sleep } from "k6";
import http, { type Params, type RefinedResponse, type ResponseType } from "k6/http";
import { headerValue } from "../lib/classifyResponse";
import { formatOp } from "../lib/HistoryOp";
import { type ScenarioEnv } from "../lib/parseScenarioEnv";
import { loginFields, pickUser } from "../lib/pickUser";
import { resolveLocation } from "../lib/resolveLocation";
import { cookieArrived, cookieExpired } from "../lib/sessionCookie";
import { SessionFlow, type Exchange, type StepResult } from "../lib/SessionFlow";
import { loginFailures, recordLive } from "./liveMetrics";

export type Response = RefinedResponse<ResponseType | undefined>;
type Method = "GET" | "POST";

/** A judged request, with its response and how long it took on the wire (ms). */
export interface Step extends StepResult {
  res: Response;
  ms: number;
}

/** Two or more writes sent at once, and how long the slowest took on the wire (ms). */
export interface ConcurrentWrites {
  steps: Step[];
  ms: number;
}

/**
 * One VU's browser for one iteration, driven by the app's session contract:
 * sends its requests without following redirects (the 302 and its
 * Set-Cookie are the thing under test), lets SessionFlow judge each answer,
 * writes every request to the history and records the live metrics. Cookies
 * live in k6's per-VU jar, which k6 empties between iterations, so every
 * iteration starts as a fresh browser.
 */
export class SessionClient {
  readonly flow: SessionFlow;

  constructor(private readonly env: ScenarioEnv) {
    this.flow = new SessionFlow(vuId(), __ITER, env.contract);
  }

  private get contract() {
    return this.env.contract;
  }

  login(): Step {
    const c = this.contract.login;
    const x = this.send(c.method, c.path, loginFields(c.fields, pickUser(vuId(), this.contract.users)));
    const cookieOk = cookieArrived(x.res.cookies[this.contract.cookieName], this.jarValues(), Date.now());
    const step = this.record(x, this.flow.login(x, cookieOk));
    loginFailures.add(!step.ok);
    if (this.env.record) check(step, { "login: redirected with a session cookie": (s) => s.ok });
    return step;
  }

  /** Follows a redirect by hand, at once, as a browser would: the login's landing page is the first read of the new session. */
  follow(from: Step, stepName: string): Step {
    const location = headerValue(from.res, "Location") ?? "/";
    return this.viewUrl(resolveLocation(from.res.url, location), stepName);
  }

  /** The protected page, after the user's pause. */
  view(stepName: string): Step {
    this.think();
    return this.viewUrl(this.contract.protectedPage.path, stepName);
  }

  /** A write-then-redirect that adds `token` to the session; ok means acknowledged. */
  write(token: string, stepName: string): Step {
    this.think();
    const c = this.contract.write;
    const x = this.send(c.method, c.path, { ...c.fields, [c.field]: token });
    return this.record(x, this.flow.write(x, stepName, token));
  }

  /**
   * All `tokens` as simultaneous writes from this VU's one cookie jar: two
   * tabs of one browser. k6 sends a batch in parallel, one connection each.
   */
  writeConcurrently(tokens: readonly string[], stepName: string): ConcurrentWrites {
    this.think();
    const c = this.contract.write;
    const requests = tokens.map((token) => ({ method: c.method, url: this.url(c.path), body: { ...c.fields, [c.field]: token }, params: this.params(c.path) }));
    const t0 = Date.now();
    const responses = http.batch(requests) as Response[];
    const t1 = Date.now();
    const steps = responses.map((res, i) => {
      const x = { res, url: requests[i]?.url ?? "", t0, t1 };
      return this.record(x, this.flow.write(x, `${stepName}${String.fromCharCode(97 + i)}`, tokens[i] ?? ""));
    });
    // The requests overlap, so the batch took as long as its slowest request, not their sum.
    return { steps, ms: Math.max(0, ...steps.map((s) => s.ms)) };
  }

  /**
   * Reads the token list. Right after an acknowledged write whose redirect
   * points at the list, that redirect is followed at once (the race under
   * test); otherwise, after the user's pause, the list page itself.
   */
  read(stepName: string, after?: Step): Step {
    const readPath = this.contract.read.path;
    const location = after?.ok === true ? after.facts.location : null;
    if (after === undefined) this.think();
    const target = after !== undefined && location === readPath ? resolveLocation(after.res.url, headerValue(after.res, "Location") ?? readPath) : readPath;
    const x = this.send("GET", target);
    return this.record(x, this.flow.read(x, stepName));
  }

  /**
   * The session's last read. When a write is still unseen, it first waits
   * SETTLE_MS, so that a write that was merely late shows up here (a stale
   * read before it) while one that is still missing was lost: the history
   * checker can only call a write lost if a read came late enough to see it.
   */
  finalRead(): Step {
    if (this.flow.unconfirmedWrites > 0) sleep(this.env.settleMs / 1000);
    const x = this.send("GET", this.contract.read.path);
    return this.record(x, this.flow.read(x, "read#final"));
  }

  logout(): Step {
    this.think();
    const c = this.contract.logout;
    const x = this.send(c.method, c.path);
    const gone = cookieExpired(x.res.cookies[this.contract.cookieName], this.jarValues(), Date.now());
    const step = this.record(x, this.flow.logout(x, gone));
    if (this.env.record) check(step, { "logout: session cookie expired": (s) => s.ok });
    return step;
  }

  private viewUrl(pathOrUrl: string, stepName: string): Step {
    const x = this.send("GET", pathOrUrl);
    return this.record(x, this.flow.view(x, stepName));
  }

  /** The user's pause before a new action; a followed redirect never waits. */
  private think(): void {
    if (this.env.thinkMs > 0) sleep(this.env.thinkMs / 1000);
  }

  private send(method: Method, pathOrUrl: string, form?: Record<string, string>): Exchange & { res: Response } {
    const url = this.url(pathOrUrl);
    const t0 = Date.now();
    const res = http.request(method, url, method === "POST" ? (form ?? null) : null, this.params(pathOrUrl));
    return { res, url, t0, t1: Date.now() };
  }

  private url(pathOrUrl: string): string {
    return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : this.env.baseUrl + pathOrUrl;
  }

  /** No redirect following (the 302 is under test), and a name tag that groups URLs differing only by host or query. */
  private params(pathOrUrl: string): Params {
    const name = pathOrUrl.replace(/^https?:\/\/[^/]+/, "").split("?", 1)[0] ?? pathOrUrl;
    return { redirects: 0, tags: { name } };
  }

  private jarValues(): string[] | undefined {
    return http.cookieJar().cookiesForURL(this.env.baseUrl + "/")[this.contract.cookieName];
  }

  private record(x: Exchange & { res: Response }, result: StepResult): Step {
    if (!this.env.record) return { ...result, res: x.res, ms: x.res.timings.duration };
    console.log(formatOp(result.op));
    recordLive(result);
    return { ...result, res: x.res, ms: x.res.timings.duration };
  }
}
