// Deliberate holes, one per audit item, so the harness's session audit can be
// checked against known answers. Each is switched on by its own variable
// (WEAKEN_NO_ROTATION=1, …) so any set of them combines without parsing lists.

export const WEAKNESSES = {
  "no-rotation": "login keeps the id of the session the client already holds",
  "accept-client-id": "login adopts a well-formed id the client made up (no strict mode)",
  "no-server-logout": "logout clears the cookie but leaves the session in the store",
  "logout-cookie-mismatch": "the deleting Set-Cookie has another Path and drops HttpOnly and SameSite",
  "no-httponly": "the session cookie lacks HttpOnly",
  "no-samesite": "the session cookie lacks SameSite",
  "persistent-cookie": "the session cookie lives 30 days (Max-Age), past the server's absolute timeout",
  "no-expiry": "the server enforces no idle or absolute timeout",
  "short-id": "session ids are 32 random bits in hex",
  "no-cache-control": "authenticated pages may be cached (no Cache-Control: no-store)",
  "no-throttle": "failed logins are never throttled",
  "leaky-login": "an unknown user and a wrong password get different answers",
  "no-csrf": "no Origin / Sec-Fetch-Site / content-type check on POSTs",
  "no-security-headers": "no X-Content-Type-Options or Content-Security-Policy",
  "fail-open": "a store error reads as no session, and a logout whose destroy failed still clears the cookie",
} as const;

export type Weakness = keyof typeof WEAKNESSES;

/** WEAKEN_NO_ROTATION for no-rotation. */
export const weaknessVariable = (w: Weakness): string => `WEAKEN_${w.toUpperCase().replace(/-/g, "_")}`;
