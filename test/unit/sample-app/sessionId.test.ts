import { describe, expect, it } from "vitest";
import { shortSessionIds, strongSessionIds } from "../../../sample-app/session/sessionId";

const newSessionId = strongSessionIds.create;
const isWellFormedSessionId = strongSessionIds.isWellFormed;

describe("session ids", () => {
  it("are 256 random bits in base64url", () => {
    const id = newSessionId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(id, "base64url")).toHaveLength(32);
  });

  it("do not repeat and use the whole alphabet", () => {
    const ids = Array.from({ length: 2000 }, newSessionId);
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set(ids.join(""));
    expect(seen.size).toBe(64);
  });

  it("accepts only what newSessionId makes", () => {
    expect(isWellFormedSessionId(newSessionId())).toBe(true);
    expect(isWellFormedSessionId("")).toBe(false);
    expect(isWellFormedSessionId("a".repeat(42))).toBe(false);
    expect(isWellFormedSessionId("a".repeat(44))).toBe(false);
    expect(isWellFormedSessionId(`${"a".repeat(42)}*`)).toBe(false);
    expect(isWellFormedSessionId(`${"a".repeat(42)}=`)).toBe(false);
  });

  it("short ids (the short-id weakness) are 32 bits of hex, and only they pass its check", () => {
    const id = shortSessionIds.create();
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(shortSessionIds.isWellFormed(id)).toBe(true);
    expect(strongSessionIds.isWellFormed(id)).toBe(false);
  });
});
