import { type ScenarioContract } from "../../../scenarios/lib/ScenarioContract";

/**
 * Which test user each check logs in as, so no check's logins (or failed
 * logins: the throttling check runs last and locks its user out) disturb
 * another's. Wraps around when the profile has fewer users.
 */
export const USER_SLOTS = {
  shared: 1,
  fixation: 2,
  rotation: 3,
  logout: 4,
  cookies: 5,
  enumeration: 6,
  csrf: 7,
  failClosed: 8,
  cache: 9,
  expiry: 10,
  /** The id-entropy check's logins start here and wrap. */
  entropyFirst: 11,
} as const;

export function userNumber(contract: ScenarioContract, slot: number): number {
  return ((slot - 1) % contract.users.count) + 1;
}

/** The throttling check's user: the last one, which it leaves throttled. */
export const throttledUser = (contract: ScenarioContract): number => contract.users.count;
