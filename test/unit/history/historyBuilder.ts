import { type HistoryOp } from "../../../scenarios/lib/HistoryOp";

/**
 * Hand-made histories for the checker's tests: one session at a time, each
 * step 10 ms after the previous one unless told otherwise, answered by the
 * replica given (app-1 by default).
 */
export class SessionHistory {
  readonly ops: HistoryOp[] = [];
  private t: number;

  constructor(
    readonly vu = 1,
    readonly iter = 0,
    start = 1_000_000,
  ) {
    this.t = start;
  }

  private push(op: Partial<HistoryOp> & Pick<HistoryOp, "op" | "step">, replica = "app-1", gap = 10): this {
    const t0 = this.t;
    this.t += gap;
    this.ops.push({ s: `${this.vu}:${this.iter}`, vu: this.vu, iter: this.iter, t0, t1: t0 + 5, status: 200, outcome: "ok", replica, ...op });
    return this;
  }

  login(replica = "app-1", ok = true): this {
    return this.push({ op: "login", step: "login", status: ok ? 302 : 401, outcome: ok ? "ok" : "unexpected", cookie: ok }, replica);
  }

  view(step: string, replica = "app-1", outcome: HistoryOp["outcome"] = "ok"): this {
    return this.push({ op: "view", step, status: outcome === "anonymous" ? 302 : outcome === "error" ? 503 : 200, outcome }, replica);
  }

  write(n: number | string, replica = "app-1", ack = true): this {
    return this.push({ op: "write", step: `write#${n}`, status: ack ? 302 : 503, outcome: ack ? "ok" : "error", token: `tok-${this.vu}-${this.iter}-${n}` }, replica);
  }

  /** Two writes sent at once (http.batch): same t0 and t1. */
  writePair(a: string, b: string, replicas: [string, string] = ["app-1", "app-2"]): this {
    const t0 = this.t;
    this.t += 10;
    for (const [n, replica] of [[a, replicas[0]], [b, replicas[1]]] as const) {
      this.ops.push({ s: `${this.vu}:${this.iter}`, vu: this.vu, iter: this.iter, op: "write", step: `tabs#${n}`, t0, t1: t0 + 5, status: 302, outcome: "ok", replica, token: `tok-${this.vu}-${this.iter}-${n}` });
    }
    return this;
  }

  /** A read listing the tokens of writes `ns`; `null` for an anonymous answer. */
  read(step: string, ns: (number | string)[] | null, replica = "app-1"): this {
    if (ns === null) return this.push({ op: "read", step, status: 302, outcome: "anonymous", tokens: null }, replica);
    return this.push({ op: "read", step, tokens: ns.map((n) => `tok-${this.vu}-${this.iter}-${n}`) }, replica);
  }

  readForeign(step: string, foreign: string[], replica = "app-1"): this {
    return this.push({ op: "read", step, tokens: [], foreign }, replica);
  }

  logout(replica = "app-1"): this {
    return this.push({ op: "logout", step: "logout", status: 302, cookie: true }, replica);
  }
}
