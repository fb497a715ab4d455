/**
 * Whether the session cookie arrived or was expired, judged twice: from the
 * Set-Cookie the response carried (what the server said) and from the client's
 * cookie jar afterwards (what the next request will send). A login whose cookie
 * the jar rejected, e.g. for a wrong Path or Domain, is a failed login to the user.
 */

/**
 * The fields of a k6 response cookie this needs. Max-Age is in seconds, and Go
 * reports Max-Age=0 as -1 and an absent one as 0. k6 v2.2.0's runtime names the
 * field `max_age` although @types/k6 2.2.0 declares `maxAge`, so both are read.
 */
export interface SetCookieLike {
  value: string;
  max_age?: number;
  maxAge?: number;
  /** Epoch ms; Go reports an absent Expires as its zero time, a large negative number. */
  expires: number;
}

function expiresCookie(c: SetCookieLike, now: number): boolean {
  const maxAge = c.max_age ?? c.maxAge ?? 0;
  // 0 is the Unix epoch, the usual "delete" date; anything below is Go's "no Expires".
  return maxAge < 0 || (c.expires >= 0 && c.expires <= now);
}

/**
 * The response set a live session cookie and the jar now holds that very value:
 * comparing values rules out a leftover cookie from before the login.
 */
export function cookieArrived(
  setCookies: readonly SetCookieLike[] | undefined,
  jarValues: readonly string[] | undefined,
  now: number,
): boolean {
  const set = setCookies?.find((c) => c.value !== "" && !expiresCookie(c, now));
  return set !== undefined && (jarValues ?? []).includes(set.value);
}

/** The response expired the session cookie and the jar dropped it. */
export function cookieExpired(
  setCookies: readonly SetCookieLike[] | undefined,
  jarValues: readonly string[] | undefined,
  now: number,
): boolean {
  const expired = (setCookies ?? []).some((c) => expiresCookie(c, now));
  const held = (jarValues ?? []).some((v) => v !== "");
  return expired && !held;
}

/** The cookie prefixes browsers enforce; an app may add one over TLS (`__Host-sid`). */
export const COOKIE_PREFIXES = ["", "__Host-", "__Secure-"] as const;

/** `name` is the session cookie `cookieName`, with or without a __Host-/__Secure- prefix. */
export function isSessionCookieName(name: string, cookieName: string): boolean {
  return COOKIE_PREFIXES.some((p) => name === p + cookieName);
}
