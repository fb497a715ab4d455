/** A test user of the app under test, from the profile's `session.users`. */
export interface Credentials {
  username: string;
  password: string;
}

export interface UserPool {
  count: number;
  /** `{n}` stands for the user's number. */
  username: string;
  password: string;
}

/**
 * The user VU `vu` (1-based, its id in the whole test: vuIdentity.ts) logs in as. A fixed mapping keeps each
 * user's sessions on one VU while VUs ≤ users, so an anomaly's user says which VU
 * it came from; with more VUs than users they wrap and users share sessions.
 */
export function pickUser(vu: number, pool: UserPool): Credentials {
  if (!Number.isSafeInteger(vu) || vu < 1) throw new RangeError(`pickUser: vu must be an integer ≥ 1 (got ${vu})`);
  if (!Number.isSafeInteger(pool.count) || pool.count < 1) throw new RangeError(`pickUser: users must be an integer ≥ 1 (got ${pool.count})`);
  const n = String(((vu - 1) % pool.count) + 1);
  return { username: pool.username.replace(/\{n\}/g, n), password: pool.password.replace(/\{n\}/g, n) };
}

/** The login form's fields for `user`: the profile's templates with `{username}` and `{password}` filled in. */
export function loginFields(fields: Readonly<Record<string, string>>, user: Credentials): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.replace(/\{username\}/g, user.username).replace(/\{password\}/g, user.password)]));
}
