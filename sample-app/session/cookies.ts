// Session cookie serialise/parse. The expiring cookie must carry the same Path
// (and flags) as the one that set it: a browser only overwrites a cookie whose
// name, domain and path match, so a mismatched logout cookie leaves the old one.

export type SameSite = "Lax" | "Strict" | "None";

export interface CookieOptions {
  /** The configured name; over TLS it gets the __Host- prefix (Secure, Path=/, no Domain: the browser enforces all three), or __Secure- with a Domain. */
  name: string;
  secure: boolean;
  httpOnly: boolean;
  /** false: no SameSite attribute (the browser's default applies). */
  sameSite: SameSite | false;
  /** A Domain attribute (the cookie then reaches every subdomain); undefined: host-only. */
  domain?: string;
  /** Path=/ unless a cookie fault narrows it. */
  path?: string;
  /** Seconds; undefined for a browser-session cookie (lifetime is the server's TTLs). */
  maxAgeSeconds?: number;
}

const EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";

/** The name the cookie travels under for these options. */
export function cookieName(options: Pick<CookieOptions, "name" | "secure" | "domain" | "path">): string {
  if (!options.secure) return options.name;
  return options.domain === undefined && (options.path ?? "/") === "/" ? `__Host-${options.name}` : `__Secure-${options.name}`;
}

function attributes(options: CookieOptions, path = options.path ?? "/"): string {
  const domain = options.domain === undefined ? "" : `; Domain=${options.domain}`;
  return `; Path=${path}${domain}${options.httpOnly ? "; HttpOnly" : ""}${options.sameSite === false ? "" : `; SameSite=${options.sameSite}`}${options.secure ? "; Secure" : ""}`;
}

export function serializeSessionCookie(id: string, options: CookieOptions): string {
  const maxAge = options.maxAgeSeconds === undefined ? "" : `; Max-Age=${options.maxAgeSeconds}`;
  return `${cookieName(options)}=${id}${attributes(options)}${maxAge}`;
}

/** `path`: only the logout-cookie-mismatch weakness passes another one. */
export function serializeExpiredCookie(options: CookieOptions, path?: string): string {
  return `${cookieName(options)}=${attributes(options, path)}; Max-Age=0; Expires=${EPOCH}`;
}

/** First value wins for a repeated name, as in most servers (RFC 6265 §5.4 orders
 * longer paths first, and this app only sets Path=/). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name !== "" && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}
