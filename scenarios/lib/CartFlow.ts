import { acknowledgedWrite, CartChecker, type ReadVerdict } from "./CartChecker";
import { type ResponseLike } from "./classifyResponse";
import { SessionFlow, type Judgement } from "./SessionFlow";

/** A cart read: the session judgement (served? a logout?) and what the read says about the writes. */
export interface CartReadJudgement extends Judgement {
  cart: ReadVerdict;
}

/**
 * A SessionFlow that also writes to the cart and reads it back: every write
 * and read is judged as a request needing the session (logouts, store errors),
 * and fed to a CartChecker that tells stale reads, lost updates and
 * non-monotonic reads apart.
 *
 * A read that comes back anonymous while a write is expected is both a logout
 * and a stale read of kind session-missing: both samples are true, because both
 * are what the user saw, but it is written as one anomaly line (the stale-read
 * one, which also names the write it missed), so anomaly lines count events.
 */
export class CartFlow extends SessionFlow {
  private readonly checker: CartChecker;

  constructor(vu: number, iter: number, now: () => number = Date.now) {
    super(vu, iter, now);
    this.checker = new CartChecker(vu, iter);
  }

  override login(res: ResponseLike, cookieOk: boolean, step?: string, home?: string): Judgement {
    const judgement = super.login(res, cookieOk, step, home);
    const { createdBy, loginAt } = this.anomalyContext();
    this.checker.login(createdBy, loginAt ?? this.now());
    return judgement;
  }

  /** POST /cart answered; ok means acknowledged (302 to /cart), and only then is `token` expected in reads. */
  write(res: ResponseLike, step: string, token: string): Judgement {
    const t = this.now();
    const judgement = this.judgeSessionRequest(res, step, acknowledgedWrite, t);
    this.checker.write(token, judgement.ok, judgement.facts, t);
    return judgement;
  }

  /** GET /cart answered, with the items its body listed (null when it listed none: no cart was shown). */
  read(res: ResponseLike, step: string, items: readonly string[] | null): CartReadJudgement {
    const t = this.now();
    const judgement = this.judgeSessionRequest(res, step, (facts) => facts.status === 200, t);
    const cart = this.checker.read(step, judgement.facts, items, t);
    const sessionAnomalies =
      cart.staleKind === "session-missing" ? judgement.anomalies.filter((a) => a.kind !== "logout") : judgement.anomalies;
    return { ...judgement, anomalies: [...sessionAnomalies, ...cart.anomalies], cart };
  }
}
