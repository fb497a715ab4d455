import { describe, expect, it } from "vitest";
import { type ResponseLike } from "../../../scenarios/lib/classifyResponse";
import { SessionFlow } from "../../../scenarios/lib/SessionFlow";

const res = (status: number, headers: Record<string, string> = {}): ResponseLike => ({ status, headers });
const loggedIn = res(302, { Location: "/dashboard", "X-Replica": "app-1" });
const served = res(200, { "X-Replica": "app-1", "X-Session-State": "hit", "X-Session-Version": "1" });
const anonymous = res(302, { Location: "/login", "X-Replica": "app-2", "X-Session-State": "miss", "X-Session-Version": "0" });
const storeDown = res(503, { "X-Replica": "app-3", "X-Session-State": "error" });
const loggedOut = res(302, { Location: "/login", "X-Replica": "app-2" });

/** A flow on a clock the test moves. */
function flow(): { flow: SessionFlow; advance: (ms: number) => void } {
  let now = 1_000;
  return { flow: new SessionFlow(4, 7, () => now), advance: (ms) => (now += ms) };
}

describe("SessionFlow", () => {
  it("counts views while holding a session and attributes an anonymous answer", () => {
    const { flow: f, advance } = flow();
    expect(f.login(loggedIn, true)).toMatchObject({ ok: true, logout: undefined, anomalies: [] });
    expect(f.holdsSession).toBe(true);
    expect(f.view(served, "dashboard#1")).toMatchObject({ ok: true, logout: false, anomalies: [] });
    advance(250);
    const lost = f.view(anonymous, "dashboard#2");
    expect(lost.logout).toBe(true);
    expect(lost.anomalies).toEqual([
      {
        kind: "logout",
        vu: 4,
        iter: 7,
        step: "dashboard#2",
        createdBy: "app-1",
        answeredBy: "app-2",
        sessionState: "miss",
        status: 302,
        version: 0,
        t: 1_250,
        sinceLoginMs: 250,
        staleKind: null,
        writtenBy: null,
        readBy: "app-2",
        token: null,
        versionWritten: null,
        versionSeen: null,
        tokensSeen: null,
        sinceWriteMs: null,
        competingWrites: null,
      },
    ]);
  });

  it("keeps counting after an anonymous answer: the client still sends its cookie", () => {
    const { flow: f } = flow();
    f.login(loggedIn, true);
    f.view(anonymous, "dashboard#1");
    expect(f.view(anonymous, "dashboard#2").logout).toBe(true);
    expect(f.view(served, "dashboard#3").logout).toBe(false);
  });

  it("does not count views after a failed login", () => {
    const { flow: f } = flow();
    const login = f.login(res(401, { "X-Replica": "app-3" }), false);
    expect(login.ok).toBe(false);
    expect(login.anomalies).toMatchObject([{ kind: "login-failure", createdBy: "app-3", answeredBy: "app-3", status: 401, sinceLoginMs: 0 }]);
    expect(f.view(anonymous, "dashboard#1")).toMatchObject({ logout: undefined, anomalies: [] });
  });

  it("fails a login whose cookie the client did not keep, or that redirects elsewhere", () => {
    expect(flow().flow.login(loggedIn, false).ok).toBe(false);
    expect(flow().flow.login(res(302, { Location: "/login" }), true).ok).toBe(false);
  });

  it("reports a store error on any step, and it is not a logout", () => {
    const { flow: f } = flow();
    f.login(loggedIn, true);
    const view = f.view(storeDown, "dashboard#1");
    expect(view.logout).toBe(false);
    expect(view.anomalies.map((a) => a.kind)).toEqual(["store-error"]);
    const login = flow().flow.login(storeDown, false);
    expect(login.anomalies.map((a) => a.kind)).toEqual(["store-error", "login-failure"]);
  });

  it("ends the session at logout, whether or not the logout worked", () => {
    const { flow: f } = flow();
    f.login(loggedIn, true);
    expect(f.logout(loggedOut, true)).toMatchObject({ ok: true, logout: undefined, anomalies: [] });
    expect(f.holdsSession).toBe(false);
    expect(f.view(anonymous, "after-logout").logout).toBeUndefined();
    f.login(loggedIn, true);
    expect(f.logout(loggedOut, false).ok).toBe(false);
    expect(f.holdsSession).toBe(false);
  });
});
