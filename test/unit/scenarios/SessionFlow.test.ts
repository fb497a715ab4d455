import { describe, expect, it } from "vitest";
import { type Exchange, SessionFlow } from "../../../scenarios/lib/SessionFlow";
import { type ScenarioContract } from "../../../scenarios/lib/ScenarioContract";
import { PHP_LIKE, res, SAMPLE } from "./contracts";

const BASE = "http://127.0.0.1:8080";

/** One exchange: a response to `path`, sent at t and answered 5 ms later. */
let clock = 1_000;
const x = (path: string, status: number, headers: Record<string, string> = {}, body?: string): Exchange => {
  clock += 10;
  return { res: res(status, { "X-Harness-Replica": "app-1", ...headers }, body), url: BASE + path, t0: clock, t1: clock + 5 };
};

function loggedIn(contract: ScenarioContract = SAMPLE, vu = 3, iter = 7): SessionFlow {
  const flow = new SessionFlow(vu, iter, contract);
  const location = contract === SAMPLE ? "/dashboard" : "dashboard.php";
  flow.login(x(contract.login.path, 302, { Location: location }), true);
  return flow;
}

describe("SessionFlow", () => {
  it("a login is a redirect to the landing page with the session cookie; it starts the session", () => {
    const flow = new SessionFlow(3, 7, SAMPLE);
    const step = flow.login(x("/login", 302, { Location: "/dashboard", "X-Replica": "app-1" }), true);
    expect(step.ok).toBe(true);
    expect(flow.holdsSession).toBe(true);
    expect(step.op).toMatchObject({ s: "3:7", vu: 3, iter: 7, op: "login", step: "login", status: 302, outcome: "ok", replica: "app-1", appReplica: "app-1", cookie: true });
  });

  it("a login without the cookie, or with the wrong answer, fails and holds no session", () => {
    const noCookie = new SessionFlow(1, 0, SAMPLE);
    expect(noCookie.login(x("/login", 302, { Location: "/dashboard" }), false).op).toMatchObject({ outcome: "unexpected", cookie: false });
    expect(noCookie.holdsSession).toBe(false);
    const refused = new SessionFlow(1, 1, SAMPLE);
    expect(refused.login(x("/login", 401), true).op.outcome).toBe("unexpected");
    expect(new SessionFlow(1, 2, SAMPLE).login(x("/login", 503), true).op.outcome).toBe("error");
  });

  it("resolves a PHP app's relative redirect against the request", () => {
    const flow = new SessionFlow(1, 0, PHP_LIKE);
    expect(flow.login(x("/login.php", 302, { Location: "dashboard.php" }), true).ok).toBe(true);
    expect(flow.view(x("/dashboard.php", 302, { Location: "login.php" }), "dashboard#1").logout).toBe(true);
  });

  it("an anonymous answer while holding a session is a logout sample; with none held, no sample", () => {
    const flow = loggedIn();
    expect(flow.view(x("/dashboard", 302, { Location: "/login" }), "dashboard#1")).toMatchObject({ ok: false, logout: true, op: { outcome: "anonymous" } });
    expect(flow.view(x("/dashboard", 200), "dashboard#2")).toMatchObject({ ok: true, logout: false });
    flow.logout(x("/logout", 302, { Location: "/login" }), true);
    expect(flow.view(x("/dashboard", 302, { Location: "/login" }), "after").logout).toBeUndefined();
  });

  it("a 5xx is an error, never a logout", () => {
    expect(loggedIn().view(x("/dashboard", 503, { "X-Session-State": "error" }), "dashboard#1")).toMatchObject({ logout: false, op: { outcome: "error", state: "error" } });
  });

  it("a write is acknowledged by the contract's redirect, and carries its token", () => {
    const flow = loggedIn();
    const ack = flow.write(x("/cart", 302, { Location: "/cart", "X-Session-Version": "4" }), "write#1", "tok-3-7-1");
    expect(ack).toMatchObject({ ok: true, op: { op: "write", token: "tok-3-7-1", version: 4, outcome: "ok" } });
    expect(flow.write(x("/cart", 302, { Location: "/login" }), "write#2", "tok-3-7-2").op.outcome).toBe("anonymous");
    expect(flow.unconfirmedWrites).toBe(1);
  });

  it("a read lists this session's tokens (JSON) and names another session's", () => {
    const flow = loggedIn();
    flow.write(x("/cart", 302, { Location: "/cart" }), "write#1", "tok-3-7-1");
    const read = flow.read(x("/cart", 200, {}, JSON.stringify({ items: ["tok-3-7-1", "tok-9-2-1", "not-a-token"] })), "read#1");
    expect(read.op).toMatchObject({ op: "read", tokens: ["tok-3-7-1"], foreign: ["tok-9-2-1"], outcome: "ok" });
    expect(flow.unconfirmedWrites).toBe(0);
  });

  it("a read finds tokens in HTML by the profile's regular expression", () => {
    const flow = loggedIn(PHP_LIKE, 2, 5);
    const html = '<ul><li class="item">tok-2-5-1</li><li class="item">tok-2-5-2</li></ul>';
    expect(flow.read(x("/cart.php", 200, {}, html), "read#1").op.tokens).toEqual(["tok-2-5-1", "tok-2-5-2"]);
    expect(flow.read(x("/cart.php", 200, {}, "<ul></ul>"), "read#2").op.tokens).toEqual([]);
  });

  it("a read that was not served lists nothing (null), not an empty list", () => {
    const flow = loggedIn();
    expect(flow.read(x("/cart", 302, { Location: "/login" }), "read#1").op).toMatchObject({ outcome: "anonymous", tokens: null });
    expect(flow.read(x("/cart", 200, {}, "not json"), "read#2").op.tokens).toBeNull();
  });

  it("a logout ends the session whatever it answered, and is ok only with the cookie gone", () => {
    const flow = loggedIn();
    expect(flow.logout(x("/logout", 302, { Location: "/login" }), false)).toMatchObject({ ok: false, op: { cookie: false, outcome: "unexpected" } });
    expect(flow.holdsSession).toBe(false);
  });

  it("writes only the app headers the contract declares into the history", () => {
    const flow = loggedIn(PHP_LIKE);
    const op = flow.view(x("/dashboard.php", 200, { "X-Replica": "app-3", "X-Session-Version": "2" }), "dashboard#1").op;
    expect(op).not.toHaveProperty("appReplica");
    expect(op).not.toHaveProperty("version");
    expect(op.replica).toBe("app-1");
  });
});
