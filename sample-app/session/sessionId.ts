import { randomBytes } from "node:crypto";

// 32 random bytes = 256 bits, well above the 128-bit floor OWASP asks for;
// base64url so the id needs no quoting in a cookie or escaping in a Redis key.
const ID_BYTES = 32;
const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;
// The short-id weakness: 32 bits, guessable by anyone patient.
const SHORT_ID_BYTES = 4;
const SHORT_ID_PATTERN = /^[0-9a-f]{8}$/;

export interface SessionIds {
  create: () => string;
  /** Ids that could not have come from create() never reach the store: a forged
   * or truncated cookie is a miss without a round trip (and without key injection). */
  isWellFormed: (id: string) => boolean;
}

export const strongSessionIds: SessionIds = {
  create: () => randomBytes(ID_BYTES).toString("base64url"),
  isWellFormed: (id) => ID_PATTERN.test(id),
};

export const shortSessionIds: SessionIds = {
  create: () => randomBytes(SHORT_ID_BYTES).toString("hex"),
  isWellFormed: (id) => SHORT_ID_PATTERN.test(id),
};
