import { describe, expect, it } from "vitest";
import { CartFlow } from "../../../scenarios/lib/CartFlow";
import { cartItems, cartToken } from "../../../scenarios/lib/cartItems";
import { type ResponseLike } from "../../../scenarios/lib/classifyResponse";

const res = (status: number, headers: Record<string, string> = {}): ResponseLike => ({ status, headers });
const loggedIn = res(302, { Location: "/dashboard", "X-Replica": "app-1" });
const acked = (versionRead: number, replica = "app-1") =>
  res(302, { Location: "/cart", "X-Replica": replica, "X-Session-State": "hit", "X-Session-Version": String(versionRead) });
const cart = (version: number, replica = "app-2") => res(200, { "X-Replica": replica, "X-Session-State": "hit", "X-Session-Version": String(version) });
const anonymous = res(302, { Location: "/login", "X-Replica": "app-3", "X-Session-State": "miss", "X-Session-Version": "0" });
const busy = res(503, { "X-Replica": "app-2", "X-Session-State": "error" });

function loggedInFlow(): CartFlow {
  let now = 1_000;
  const flow = new CartFlow(5, 2, () => (now += 5));
  flow.login(loggedIn, true);
  return flow;
}

describe("CartFlow", () => {
  it("acknowledges a write by its redirect to /cart and then expects its token", () => {
    const flow = loggedInFlow();
    expect(flow.write(acked(1), "write#1", "t1")).toMatchObject({ ok: true, logout: false, anomalies: [] });
    const seen = flow.read(cart(2), "read#1", ["t1"]);
    expect(seen).toMatchObject({ ok: true, logout: false, anomalies: [], cart: { stale: false, lostUpdate: false } });
    const missed = flow.read(cart(1), "read#2", []);
    expect(missed.cart).toMatchObject({ stale: true, staleKind: "older-version", nonMonotonic: true });
    expect(missed.anomalies.map((a) => a.kind)).toEqual(["stale-read", "non-monotonic"]);
  });

  it("counts an anonymous read after a write as a logout and a stale read, on one anomaly line", () => {
    const flow = loggedInFlow();
    flow.write(acked(1), "write#1", "t1");
    const read = flow.read(anonymous, "read#1", null);
    expect(read.logout).toBe(true);
    expect(read.cart).toMatchObject({ stale: true, staleKind: "session-missing" });
    expect(read.anomalies).toEqual([
      expect.objectContaining({ kind: "stale-read", staleKind: "session-missing", createdBy: "app-1", writtenBy: "app-1", readBy: "app-3", token: "t1" }),
    ]);
  });

  it("keeps an anonymous read with nothing expected a plain logout", () => {
    const read = loggedInFlow().read(anonymous, "read#1", null);
    expect(read.logout).toBe(true);
    expect(read.cart.stale).toBeUndefined();
    expect(read.anomalies.map((a) => a.kind)).toEqual(["logout"]);
  });

  it("takes a write answered anonymous or 503 as a failed write, never as acknowledged", () => {
    const flow = loggedInFlow();
    expect(flow.write(anonymous, "write#1", "t1")).toMatchObject({ ok: false, logout: true });
    const down = flow.write(busy, "write#2", "t2");
    expect(down).toMatchObject({ ok: false, logout: false });
    expect(down.anomalies.map((a) => a.kind)).toEqual(["store-error"]);
    expect(flow.read(cart(1), "read#1", []).cart.stale).toBeUndefined();
  });

  it("forgets the old cart at a new login", () => {
    const flow = loggedInFlow();
    flow.write(acked(1), "write#1", "t1");
    flow.login(loggedIn, true);
    expect(flow.read(cart(1), "read#1", []).cart).toMatchObject({ stale: undefined, anomalies: [] });
  });
});

describe("cartItems", () => {
  it("reads the items of a cart body", () => {
    expect(cartItems(JSON.stringify({ items: ["a", "b"], version: 3, replica: "app-1" }))).toEqual(["a", "b"]);
    expect(cartItems(JSON.stringify({ items: [], version: 1 }))).toEqual([]);
  });

  it.each([
    ["no body", null],
    ["an empty body", ""],
    ["not JSON", "<html>502</html>"],
    ["no items", JSON.stringify({ error: "session store unavailable" })],
    ["items that are not strings", JSON.stringify({ items: [1] })],
    ["a binary body", new ArrayBuffer(2)],
  ])("shows no cart for %s", (_what, body) => {
    expect(cartItems(body)).toBeNull();
  });
});

describe("cartToken", () => {
  it("is unique per VU, iteration and write, and fits the app's 64 characters", () => {
    expect(cartToken(12, 345, 3)).toBe("12-345-3");
    expect(cartToken(12, 345, "3a")).not.toBe(cartToken(12, 345, "3b"));
    expect(cartToken(100_000, 10_000_000, "1000b").length).toBeLessThanOrEqual(64);
  });
});
