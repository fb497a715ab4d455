import { classifyResponse, meets, type ResponseFacts, type ResponseLike } from "./classifyResponse";
import { type HistoryOp, type OpKind, type OpOutcome } from "./HistoryOp";
import { type ScenarioContract } from "./ScenarioContract";
import { readTokens, tokenPrefix } from "./tokens";

/** One request as the client sent it: the response and when it went out and came back (epoch ms). */
export interface Exchange {
  res: ResponseLike;
  /** The URL requested, to resolve a relative Location. */
  url: string;
  t0: number;
  t1: number;
}

/** What one step meant: its history operation, and the live samples k6 records. */
export interface StepResult {
  op: HistoryOp;
  facts: ResponseFacts;
  ok: boolean;
  /** session_logouts: undefined when the client held no live session to lose. */
  logout: boolean | undefined;
  /** A served read: how many acknowledged writes it did not show (a live count for progress; verdicts come from the history). */
  missedWrites?: number;
}

/**
 * One client's session through one iteration, as the client sees it: whether
 * it holds a live session (logged in, not logged out) and what each answer
 * meant. It decides the live samples k6 shows while the load runs; the
 * verdicts in the report come from the whole history afterwards
 * (harness/history/checkHistory.ts). No k6 here, so it is tested outside k6.
 *
 * An anonymous answer does not end the session: the client still holds its
 * cookie and sends it again, and each later anonymous answer is another
 * logout as the user sees it (session_logouts is a rate per request).
 */
export class SessionFlow {
  private live = false;
  private readonly prefix: string;
  /** Tokens the app acknowledged, and those the latest served read showed. */
  private readonly acked = new Set<string>();
  private lastShown = new Set<string>();

  constructor(
    readonly vu: number,
    readonly iter: number,
    private readonly contract: ScenarioContract,
  ) {
    this.prefix = tokenPrefix(vu, iter);
  }

  get holdsSession(): boolean {
    return this.live;
  }

  /** Acknowledged writes the latest served read did not show: their fate is still open. */
  get unconfirmedWrites(): number {
    return [...this.acked].filter((t) => !this.lastShown.has(t)).length;
  }

  /** The login answered; `cookieOk`: the session cookie arrived and the jar took it. */
  login(x: Exchange, cookieOk: boolean): StepResult {
    const facts = this.facts(x);
    const ok = facts.outcome === "other" && meets(facts, this.contract.login.success) && cookieOk;
    this.live = ok;
    return this.result("login", "login", x, facts, ok ? "ok" : this.failed(facts), undefined, { cookie: cookieOk });
  }

  /** A page that needs the session (the protected page, a login's landing page). */
  view(x: Exchange, step: string): StepResult {
    const facts = this.facts(x);
    const ok = facts.outcome === "other" && facts.status >= 200 && facts.status < 300;
    return this.result("view", step, x, facts, ok ? "ok" : this.failed(facts), this.logoutSample(facts));
  }

  /** A write of `token`; ok means the app acknowledged it (the contract's redirect). */
  write(x: Exchange, step: string, token: string): StepResult {
    const facts = this.facts(x);
    const ok = facts.outcome === "other" && meets(facts, this.contract.write.success);
    if (ok) this.acked.add(token);
    return this.result("write", step, x, facts, ok ? "ok" : this.failed(facts), this.logoutSample(facts), { token });
  }

  /** A read of the token list. */
  read(x: Exchange, step: string): StepResult {
    const facts = this.facts(x);
    const served = facts.outcome === "other" && this.contract.read.status.includes(facts.status);
    const tokens = served ? readTokens(x.res.body, this.contract.read.tokens, this.prefix) : { own: null, foreign: [] };
    if (tokens.own) this.lastShown = new Set(tokens.own);
    const extra: Partial<HistoryOp> = { tokens: tokens.own, ...(tokens.foreign.length > 0 ? { foreign: tokens.foreign } : {}) };
    const result = this.result("read", step, x, facts, served ? "ok" : this.failed(facts), this.logoutSample(facts), extra);
    return tokens.own ? { ...result, missedWrites: this.unconfirmedWrites } : result;
  }

  /** The logout answered; `cookieGone`: the session cookie was expired and the jar dropped it. The client stops counting either way. */
  logout(x: Exchange, cookieGone: boolean): StepResult {
    const facts = this.facts(x);
    this.live = false;
    const ok = facts.outcome !== "error" && meets(facts, this.contract.logout.success) && cookieGone;
    // A logout's answer usually looks anonymous (a redirect to the login): that is not what failed.
    const outcome = ok ? "ok" : facts.outcome === "error" ? "error" : "unexpected";
    return this.result("logout", "logout", x, facts, outcome, undefined, { cookie: cookieGone });
  }

  private facts(x: Exchange): ResponseFacts {
    return classifyResponse(x.res, this.contract, x.url);
  }

  private logoutSample(facts: ResponseFacts): boolean | undefined {
    return this.live ? facts.outcome === "anonymous" : undefined;
  }

  private failed(facts: ResponseFacts): OpOutcome {
    return facts.outcome === "other" ? "unexpected" : facts.outcome;
  }

  private result(op: OpKind, step: string, x: Exchange, facts: ResponseFacts, outcome: OpOutcome, logout: boolean | undefined, extra: Partial<HistoryOp> = {}): StepResult {
    const h = this.contract.headers;
    const record: HistoryOp = {
      s: `${this.vu}:${this.iter}`,
      vu: this.vu,
      iter: this.iter,
      op,
      step,
      t0: x.t0,
      t1: x.t1,
      status: facts.status,
      outcome,
      replica: facts.replica,
      ...(h.appReplica === undefined ? {} : { appReplica: facts.appReplica }),
      ...(h.sessionState === undefined ? {} : { state: facts.sessionState }),
      ...(h.sessionVersion === undefined ? {} : { version: facts.version }),
      ...extra,
    };
    return { op: record, facts, ok: outcome === "ok", logout };
  }
}
