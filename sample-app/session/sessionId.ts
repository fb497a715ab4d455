import { randomBytes } from "node:crypto";

// 32 random bytes = 256 bits, well above the 128-bit floor OWASP asks for;
// base64url so the id needs no quoting in a cookie or escaping in a Redis key.
const ID_BYTES = 32;
const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSessionId(): string {
  return randomBytes(ID_BYTES).toString("base64url");
}

/** Ids that could not have come from newSessionId never reach the store: a forged
 * or truncated cookie is a miss without a round trip (and without key injection). */
export function isWellFormedSessionId(id: string): boolean {
  return ID_PATTERN.test(id);
}
