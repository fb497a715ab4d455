import { describe, expect, it } from "vitest";
import { type Exchange } from "../../../harness/audit/AuditHttp";
import { failureShape } from "../../../harness/audit/checks/enumeration";
import { inventId } from "../../../harness/audit/checks/fixation";
import { alphabetOf, uniformFit } from "../../../harness/audit/checks/idEntropy";
import { isDeletion, sessionCookie, stateOf } from "../../../harness/audit/SessionProbe";
import { scenarioContract } from "../../../harness/run/scenarioEnv";
import { loadProfile } from "../../../harness/profile/loadProfile";

const answer = (over: Partial<Exchange>): Exchange => ({
  request: { method: "GET", path: "/dashboard", headers: {} },
  status: 200,
  headers: {},
  setCookies: [],
  replica: "app-1",
  body: "",
  ms: 1,
  ...over,
});

describe("audit: reading answers through the contract", async () => {
  const contract = scenarioContract((await loadProfile(undefined)).profile);
  const url = "http://127.0.0.1:8080/dashboard";

  it("tells authenticated, anonymous and error apart, ignoring the app's own state header", () => {
    expect(stateOf(answer({}), contract, url)).toBe("authenticated");
    expect(stateOf(answer({ status: 302, headers: { location: "/login" } }), contract, url)).toBe("anonymous");
    expect(stateOf(answer({ status: 302, headers: { location: "http://127.0.0.1:8080/login?next=/dashboard" } }), contract, url)).toBe("anonymous");
    // A fail-open app says "error" in its header while the browser sees the login page: anonymous is what counts.
    expect(stateOf(answer({ status: 302, headers: { location: "/login", "x-session-state": "error" } }), contract, url)).toBe("anonymous");
    expect(stateOf(answer({ status: 503 }), contract, url)).toBe("error");
    expect(stateOf(answer({ status: 0, error: "ECONNREFUSED" }), contract, url)).toBe("error");
    expect(stateOf(answer({ status: 302, headers: { location: "/elsewhere" } }), contract, url)).toBe("other");
  });

  it("finds the session cookie under its name or a browser prefix, and knows a deletion", () => {
    const set = answer({ setCookies: ["theme=dark; Path=/", "__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax"] });
    expect(sessionCookie(set, "sid")?.name).toBe("__Host-sid");
    const del = sessionCookie(answer({ setCookies: ["sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"] }), "sid");
    expect(del && isDeletion(del)).toBe(true);
    const live = sessionCookie(answer({ setCookies: ["sid=abc; Path=/"] }), "sid");
    expect(live && isDeletion(live)).toBe(false);
    expect(sessionCookie(answer({ setCookies: ["sidx=abc"] }), "sid")).toBeUndefined();
  });
});

describe("audit: id entropy", () => {
  it("names the alphabet an id uses", () => {
    expect(alphabetOf(new Set("deadbeef0123"))).toMatchObject({ name: "hex", size: 16 });
    expect(alphabetOf(new Set("Ab-_9"))).toMatchObject({ name: "base64url", size: 64 });
    expect(alphabetOf(new Set("AbZ9"))).toMatchObject({ name: "alphanumeric", size: 62 });
    // PHP's sid_bits_per_character=5: 0-9a-v.
    expect(alphabetOf(new Set("0123456789abcdefghijklmnopqrstuv"), 5000)).toMatchObject({ name: "base32hex", size: 32 });
    // Plenty of characters seen and symbols of the alphabet never used: only what was seen counts.
    expect(alphabetOf(new Set("0123456789abcdefghijkl"), 5000)).toMatchObject({ size: 22 });
  });

  it("accepts uniform characters and rejects skewed ones (the last character left out)", () => {
    const symbols = "0123456789abcdef";
    const uniform = Array.from({ length: 200 }, (_, i) => Array.from({ length: 33 }, (_, j) => symbols[(i * 7 + j * 3) % 16]).join(""));
    expect(uniformFit(uniform, symbols).ok).toBe(true);
    const skewed = uniform.map((id, i) => (i % 2 === 0 ? id.replace(/[0-7]/g, "a") : id));
    expect(uniformFit(skewed, symbols).ok).toBe(false);
    // Only the last character differs: not counted, as base64 of whole bytes does it.
    const lastOnly = uniform.map((id) => `${id.slice(0, -1)}0`);
    expect(uniformFit(lastOnly, symbols).samples).toBe(200 * 32);
  });

  it("invents ids of the real one's length and alphabet", () => {
    const real = "Qx9_-Qx9_-Qx9_-";
    const made = inventId(real);
    expect(made).toHaveLength(real.length);
    expect([...made].every((c) => real.includes(c))).toBe(true);
  });
});

describe("audit: user enumeration", () => {
  it("masks what legitimately varies and keeps what tells users apart", () => {
    const a = answer({ status: 401, body: '{"error":"invalid credentials","at":1732,"csrf":"AbCdEfGhIjKlMnOpQrStUv"}' });
    const b = answer({ status: 401, body: '{"error":"invalid credentials","at":9,"csrf":"ZyXwVuTsRqPoNmLkJiHgFe"}' });
    expect(failureShape(a, "sid")).toBe(failureShape(b, "sid"));
    expect(failureShape(answer({ status: 404, body: '{"error":"no such user"}' }), "sid")).not.toBe(failureShape(answer({ status: 401, body: '{"error":"wrong password"}' }), "sid"));
  });
});
