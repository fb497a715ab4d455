// Session cookie serialise/parse. The expiring cookie must carry the same Path
// (and flags) as the one that set it: a browser only overwrites a cookie whose
// name, domain and path match, so a mismatched logout cookie leaves the old one.

export interface CookieOptions {
  name: string;
  secure: boolean;
}

const EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";

function attributes(options: CookieOptions): string {
  return `; Path=/; HttpOnly; SameSite=Lax${options.secure ? "; Secure" : ""}`;
}

/** No Max-Age/Expires: a browser-session cookie; lifetime is the server's TTLs. */
export function serializeSessionCookie(id: string, options: CookieOptions): string {
  return `${options.name}=${id}${attributes(options)}`;
}

export function serializeExpiredCookie(options: CookieOptions): string {
  return `${options.name}=${attributes(options)}; Max-Age=0; Expires=${EPOCH}`;
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
