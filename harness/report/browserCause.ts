import { parseSetCookie } from "set-cookie-parser";
import { setsValue, type BrowserEvidence, type JarCookie } from "../../scenarios/lib/BrowserEvidence";

/**
 * What a browser did with the session cookie that explains an anomaly it saw:
 * it was never sent by the app, the browser refused it, or the browser held it
 * and did not send it with this request. Decided from the evidence a browser
 * VU wrote with the operation, by the cookie rules browsers apply (RFC 6265bis:
 * Domain and Path matching, Secure, SameSite, the __Host-/__Secure- prefixes).
 * undefined: the browser sent the cookie, so the cause is on the server's side.
 */
export type BrowserCauseName = "login answered without a session cookie" | "browser refused the session cookie" | "browser withheld the session cookie";

export interface BrowserFinding {
  cause: BrowserCauseName;
  /** The evidence, in a sentence without run-specific values (it is a counting key). */
  why: string;
}

interface Target {
  protocol: string;
  host: string;
  path: string;
}

function target(url: string): Target | undefined {
  try {
    const u = new URL(url);
    return { protocol: u.protocol, host: u.hostname.toLowerCase(), path: u.pathname };
  } catch {
    return undefined;
  }
}

function domainCovers(domain: string, host: string): boolean {
  const d = domain.replace(/^\./, "").toLowerCase();
  return host === d || host.endsWith(`.${d}`);
}

/** Why the browser would not store this Set-Cookie line for a response from `t`, or undefined when it would. */
function refusal(line: string, t: Target): string | undefined {
  const c = parseSetCookie(line, { decodeValues: false })[0];
  if (c === undefined) return undefined;
  const secure = c.secure === true;
  const overHttp = t.protocol === "http:";
  if (secure && overHttp) return "a Secure cookie set over plain http";
  if (!secure && c.sameSite?.toLowerCase() === "none") return "SameSite=None without Secure";
  if (c.name.startsWith("__Host-") && (!secure || overHttp || c.domain !== undefined || c.path !== "/")) return "a __Host- cookie without Secure, Path=/ and no Domain, or over http";
  if (c.name.startsWith("__Secure-") && (!secure || overHttp)) return "a __Secure- cookie without Secure, or over http";
  if (c.domain !== undefined && c.domain !== "" && !domainCovers(c.domain, t.host)) return `Domain=${c.domain} does not cover ${t.host}`;
  return undefined;
}

/** Why the browser did not send `c` with a request to `t`, or undefined when it did. */
function withheld(c: JarCookie, t: Target, crossSite: boolean): string | undefined {
  const hostOnly = !c.domain.startsWith(".");
  if (hostOnly ? t.host !== c.domain.toLowerCase() : !domainCovers(c.domain, t.host)) {
    return hostOnly ? `the cookie set on ${c.domain} (no Domain) was not sent to ${t.host}` : `the cookie's Domain=${c.domain.slice(1)} does not cover ${t.host}`;
  }
  const path = c.path === "" ? "/" : c.path;
  if (!(t.path === path || t.path.startsWith(path.endsWith("/") ? path : `${path}/`))) return `the cookie's Path=${path} does not cover ${t.path}`;
  if (c.secure && t.protocol === "http:") return "a Secure cookie is not sent over plain http";
  if (crossSite && c.sameSite.toLowerCase() === "strict") return "withheld by SameSite=Strict on a cross-site navigation";
  return undefined;
}

/**
 * `kind`: the anomaly's; only a failed login, a logout and a read that found
 * no session can be the cookie's doing. `status`: the answer's.
 */
export function browserCause(kind: string, status: number, e: BrowserEvidence): BrowserFinding | undefined {
  const t = target(e.url);
  if (t === undefined) return undefined;
  if (kind === "login-failure") {
    if (status >= 400) return undefined;
    const lines = (e.setCookie ?? []).filter(setsValue);
    if (lines.length === 0) return { cause: "login answered without a session cookie", why: `the login answered ${status} without a session cookie` };
    const reasons = lines.map((l) => refusal(l, t));
    const why = reasons.find((r) => r !== undefined);
    if (why !== undefined && reasons.every((r) => r !== undefined)) return { cause: "browser refused the session cookie", why };
    return undefined;
  }
  if (kind !== "logout" && kind !== "stale-read") return undefined;
  if (e.jar.length === 0) return { cause: "browser withheld the session cookie", why: "the browser held no session cookie any more" };
  const reasons = e.jar.map((c) => withheld(c, t, e.crossSite === true));
  if (reasons.some((r) => r === undefined)) return undefined;
  return { cause: "browser withheld the session cookie", why: reasons[0] ?? "" };
}
