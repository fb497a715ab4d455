import { describe, expect, it } from "vitest";
import { sessionSecret, signId, unsignId } from "../../../sample-app/session/signedId";

describe("signed session ids", () => {
  it("a cookie signed with the same secret gives back its id; another secret, a missing or altered signature, none", () => {
    const a = sessionSecret("one secret").value;
    const b = sessionSecret("another").value;
    const cookie = signId("abc123", a);
    expect(cookie).toMatch(/^abc123\.[A-Za-z0-9_-]{43}$/);
    expect(unsignId(cookie, a)).toBe("abc123");
    expect(unsignId(cookie, b)).toBeUndefined();
    expect(unsignId("abc123", a)).toBeUndefined();
    expect(unsignId(`${cookie.slice(0, -1)}x`, a)).toBeUndefined();
    expect(unsignId(`.${cookie.split(".")[1] ?? ""}`, a)).toBeUndefined();
  });

  it("without a given secret each process makes its own: two boots never agree", () => {
    const [first, second] = [sessionSecret(undefined), sessionSecret(undefined)];
    expect(first.kind).toBe("per-replica");
    expect(sessionSecret("x").kind).toBe("shared");
    expect(unsignId(signId("abc", first.value), second.value)).toBeUndefined();
  });
});
