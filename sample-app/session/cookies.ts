// Session cookie serialise/parse. The expiring cookie must carry the same Path
// (and flags) as the one that set it: a browser only overwrites a cookie whose
// name, domain and path match, so a mismatched logout cookie leaves the old one.

export interface CookieOptions {
  /** The configured name; over TLS it gets the __Host- prefix (Secure, Path=/, no Domain: the browser enforces all three). */
  name: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: boolean;
  /** Seconds; undefined for a browser-session cookie (lifetime is the server's TTLs). */
  maxAgeSeconds?: number;
}

const EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";

/** The name the cookie travels under for these options. */
export function cookieName(options: Pick<CookieOptions, "name" | "secure">): string {
  return options.secure ? `__Host-${options.name}` : options.name;
}

function attributes(options: CookieOptions, path = "/"): string {
  return `; Path=${path}${options.httpOnly ? "; HttpOnly" : ""}${options.sameSite ? "; SameSite=Lax" : ""}${options.secure ? "; Secure" : ""}`;
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
