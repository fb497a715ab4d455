import { buildAnomaly, type Anomaly, type AnomalyContext, type AnomalyKind } from "./Anomaly";
import { classifyResponse, REDIRECT_STATUSES, type ResponseFacts, type ResponseLike } from "./classifyResponse";

/** What one response meant for the client's session, and what to record for it. */
export interface Judgement {
  facts: ResponseFacts;
  /** The step did what it should (login: session created; logout: session ended; view: served). */
  ok: boolean;
  /** The session_logouts sample; undefined when the client held no live session to lose. */
  logout: boolean | undefined;
  anomalies: Anomaly[];
}

/**
 * One client's session through an iteration, as the client sees it: whether it
 * holds a live session (logged in, not logged out) and which replica created it.
 * It decides every sample and anomaly; the k6 side only sends requests and
 * records what this returns, so the rules are tested without k6.
 *
 * An anonymous answer does not end the session here: the client still holds its
 * cookie and sends it again, and each later anonymous answer is another logout
 * as the user sees it (session_logouts is a rate per request).
 */
export class SessionFlow {
  private live = false;
  private createdBy: string | null = null;
  private loginAt: number | null = null;

  constructor(
    readonly vu: number,
    readonly iter: number,
    protected readonly now: () => number = Date.now,
  ) {}

  /** True between a successful login and the logout. */
  get holdsSession(): boolean {
    return this.live;
  }

  /**
   * POST /login answered. Success is the redirect to `home` with a session cookie
   * the client accepted (`cookieOk`, judged by the caller from its jar).
   */
  login(res: ResponseLike, cookieOk: boolean, step = "login", home = "/dashboard"): Judgement {
    const t = this.now();
    const facts = classifyResponse(res);
    // A new login replaces whatever session the client held before.
    this.createdBy = facts.replica;
    this.loginAt = t;
    const ok = REDIRECT_STATUSES.has(facts.status) && facts.location === home && cookieOk && !facts.storeError;
    this.live = ok;
    const anomalies = this.storeErrorAnomalies(facts, step, t);
    if (!ok) anomalies.push(this.anomaly("login-failure", step, facts, t));
    return { facts, ok, logout: undefined, anomalies };
  }

  /** A request that needs the session (dashboard, cart): anonymous while holding one is a logout. */
  view(res: ResponseLike, step: string): Judgement {
    return this.judgeSessionRequest(res, step, (facts) => facts.status === 200);
  }

  /**
   * POST /logout answered. Success is the redirect to `to` with the cookie
   * expired in the client (`cookieGone`). The client stops counting either way:
   * it asked to end the session.
   */
  logout(res: ResponseLike, cookieGone: boolean, step = "logout", to = "/login"): Judgement {
    const t = this.now();
    const facts = classifyResponse(res);
    const anomalies = this.storeErrorAnomalies(facts, step, t);
    this.live = false;
    const ok = REDIRECT_STATUSES.has(facts.status) && facts.location === to && cookieGone;
    return { facts, ok, logout: undefined, anomalies };
  }

  /**
   * Any request that needs the session (a view, a cart write): anonymous while
   * holding one is a logout; `ok` says what success looks like for this request.
   */
  protected judgeSessionRequest(res: ResponseLike, step: string, ok: (facts: ResponseFacts) => boolean, t = this.now()): Judgement {
    const facts = classifyResponse(res);
    const anomalies = this.storeErrorAnomalies(facts, step, t);
    const logout = this.live ? facts.anonymous : undefined;
    if (logout === true) anomalies.push(this.anomaly("logout", step, facts, t));
    return { facts, ok: ok(facts), logout, anomalies };
  }

  /** The session the client believes it holds, as anomalies name it. */
  protected anomalyContext(): AnomalyContext {
    return { vu: this.vu, iter: this.iter, createdBy: this.createdBy, loginAt: this.loginAt };
  }

  private storeErrorAnomalies(facts: ResponseFacts, step: string, t: number): Anomaly[] {
    return facts.storeError ? [this.anomaly("store-error", step, facts, t)] : [];
  }

  private anomaly(kind: AnomalyKind, step: string, facts: ResponseFacts, t: number): Anomaly {
    return buildAnomaly(kind, this.anomalyContext(), step, facts, t);
  }
}
