import { check } from "k6";
import http from "k6/http";
import { Counter, Rate } from "k6/metrics";
import { type CartReadJudgement, CartFlow } from "../lib/CartFlow";
import { cartItems } from "../lib/cartItems";
import { headerValue } from "../lib/classifyResponse";
import { METRIC, STALE_KIND_TAG } from "../lib/metricNames";
import { type ScenarioEnv } from "../lib/parseScenarioEnv";
import { resolveLocation } from "../lib/resolveLocation";
import { type Response, SessionClient, type Step } from "./SessionClient";

// Init context, once per VU, shared by every cart scenario (see SessionClient).
const staleReads = new Rate(METRIC.sessionStaleReads);
const staleReadsByKind = new Counter(METRIC.sessionStaleReadsByKind);
const lostUpdates = new Rate(METRIC.sessionLostUpdates);
const monotonicViolations = new Rate(METRIC.sessionMonotonicViolations);

export type CartRead = Step & CartReadJudgement;

/** Two or more writes sent at once, and how long the slowest took on the wire (ms). */
export interface ConcurrentWrites {
  steps: Step[];
  ms: number;
}

/**
 * A SessionClient that also writes to the cart and reads it back, recording
 * the cart's samples (stale reads by kind, lost updates, non-monotonic reads)
 * on top of the session's (logouts, store errors, replicas).
 */
export class CartClient extends SessionClient {
  declare readonly flow: CartFlow;

  constructor(env: ScenarioEnv) {
    super(env, new CartFlow(__VU, __ITER));
  }

  /** POST /cart with a unique item; acknowledged when answered 302 to /cart. */
  write(token: string, stepName: string): Step {
    this.think();
    const res = this.send("POST", "/cart", { item: token });
    return this.recordWrite(res, token, stepName);
  }

  /**
   * All `tokens` as simultaneous POST /cart from this VU's one cookie jar: two
   * tabs of one browser. k6 sends a batch in parallel, one connection each.
   */
  writeConcurrently(tokens: readonly string[], stepName: string): ConcurrentWrites {
    this.think();
    const requests = tokens.map((token) => ({ method: "POST", url: this.url("/cart"), body: { item: token }, params: this.params("/cart") }));
    const responses = http.batch(requests) as Response[];
    const steps = responses.map((res, i) => this.recordWrite(res, tokens[i] ?? "", `${stepName}${String.fromCharCode(97 + i)}`));
    // The requests overlap, so the batch took as long as its slowest request, not their sum.
    return { steps, ms: Math.max(0, ...steps.map((s) => s.ms)) };
  }

  /**
   * GET /cart right after a write: the write's Location when it was the
   * acknowledgement (followed by hand, at once, like a browser), else /cart itself.
   */
  readCart(stepName: string, after?: Step): CartRead {
    if (after === undefined) this.think();
    const location = after?.ok === true ? headerValue(after.res, "Location") : undefined;
    const res = this.send("GET", location === undefined ? "/cart" : resolveLocation(this.env.baseUrl, location));
    const step = this.recordSessionRequest(res, this.flow.read(res, stepName, cartItems(res.body)), "cart read with a session: 200");
    const { stale, staleKind, lostUpdate, nonMonotonic } = step.cart;
    if (stale !== undefined) {
      staleReads.add(stale);
      check(step, { "cart read shows every acknowledged write": () => !stale });
    }
    if (staleKind !== null) staleReadsByKind.add(1, { [STALE_KIND_TAG]: staleKind });
    if (lostUpdate !== undefined) lostUpdates.add(lostUpdate);
    if (nonMonotonic !== undefined) monotonicViolations.add(nonMonotonic);
    return step;
  }

  private recordWrite(res: Response, token: string, stepName: string): Step {
    return this.recordSessionRequest(res, this.flow.write(res, stepName, token), "cart write with a session: 302 to /cart");
  }
}
