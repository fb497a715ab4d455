/**
 * What a browser VU saw of the session cookie around one request: the
 * cookie(s) its jar held when the request went out, the Set-Cookie lines the
 * answer carried, and whether the navigation came from another site. Written
 * into the history with the operation; the harness decides from it, after the
 * run, whether the browser refused or withheld the cookie
 * (harness/report/browserCause.ts). No k6 here, so it is tested outside k6.
 */

import { isSessionCookieName } from "./sessionCookie";

/** A cookie in the browser's jar, as k6's BrowserContext.cookies() lists it. */
export interface JarCookie {
  name: string;
  /** "login.shop.example.test" for a host-only cookie, ".shop.example.test" for one set with Domain. */
  domain: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** "Strict" | "Lax" | "None" (Chromium reports "Lax" for a cookie without the attribute). */
  sameSite: string;
}

export interface BrowserEvidence {
  /** The request's URL. */
  url: string;
  /** Session cookies in the jar when the request went out (the name with or without a __Host-/__Secure- prefix). */
  jar: JarCookie[];
  /** The session cookie's Set-Cookie lines this answer carried. */
  setCookie?: string[];
  /** A top-level navigation started by a page of another site (a link from elsewhere). */
  crossSite?: boolean;
}


/**
 * The session cookie's lines of a Set-Cookie header as Chromium reports it
 * (several lines joined by "\n"), the value replaced by "*": the history keeps
 * what the browser was told, never a live session id.
 */
export function sessionSetCookies(header: string | undefined, cookieName: string): string[] {
  if (header === undefined) return [];
  return header
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => isSessionCookieName(line.slice(0, Math.max(0, line.indexOf("="))).trim(), cookieName))
    .map(redactValue);
}

function redactValue(line: string): string {
  const eq = line.indexOf("=");
  const semi = line.indexOf(";");
  const end = semi < 0 ? line.length : semi;
  return line.slice(0, eq + 1) + (line.slice(eq + 1, end).trim() === "" ? "" : "*") + line.slice(end);
}

/** A Set-Cookie line that sets a value (rather than deleting the cookie). */
export function setsValue(line: string): boolean {
  const value = line.slice(line.indexOf("=") + 1).split(";", 1)[0]?.trim() ?? "";
  return value !== "" && !/;\s*max-age=(0|-\d+)\s*(;|$)/i.test(line);
}

export function isBrowserEvidence(v: unknown): v is BrowserEvidence {
  if (typeof v !== "object" || v === null) return false;
  const e = v as Record<string, unknown>;
  const isCookie = (c: unknown): boolean => {
    if (typeof c !== "object" || c === null) return false;
    const o = c as Record<string, unknown>;
    return ["name", "domain", "path", "sameSite"].every((k) => typeof o[k] === "string") && typeof o.secure === "boolean" && typeof o.httpOnly === "boolean";
  };
  return (
    typeof e.url === "string" &&
    Array.isArray(e.jar) &&
    e.jar.every(isCookie) &&
    (e.setCookie === undefined || (Array.isArray(e.setCookie) && e.setCookie.every((s) => typeof s === "string"))) &&
    (e.crossSite === undefined || typeof e.crossSite === "boolean")
  );
}
