/** A seeded user of the sample app: userK with password pass-userK. */
export interface Credentials {
  username: string;
  password: string;
}

/**
 * The user VU `vu` (1-based, k6's __VU) logs in as. A fixed mapping keeps each
 * user's sessions on one VU while VUs ≤ users, so an anomaly's user says which VU
 * it came from; with more VUs than users they wrap and users share sessions.
 */
export function pickUser(vu: number, users: number): Credentials {
  if (!Number.isSafeInteger(vu) || vu < 1) throw new RangeError(`pickUser: vu must be an integer ≥ 1 (got ${vu})`);
  if (!Number.isSafeInteger(users) || users < 1) throw new RangeError(`pickUser: users must be an integer ≥ 1 (got ${users})`);
  const username = `user${((vu - 1) % users) + 1}`;
  return { username, password: `pass-${username}` };
}
