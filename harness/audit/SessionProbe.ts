import { parseSetCookie, type Cookie } from "set-cookie-parser";
import { locationPath } from "../../scenarios/lib/classifyResponse";
import { resolveLocation } from "../../scenarios/lib/resolveLocation";
import { isSessionCookieName } from "../../scenarios/lib/sessionCookie";
import { type ScenarioContract } from "../../scenarios/lib/ScenarioContract";
import { type AuditHttp, type Exchange } from "./AuditHttp";

/**
 * What an answer means to a client holding a cookie, read through the app's
 * contract only (never its own state headers: an app that fails open says
 * "error" in a header while the browser sees a login page).
 */
export type SessionState = "authenticated" | "anonymous" | "error" | "other";


/** The session cookie among an answer's Set-Cookie lines, prefixed or not. */
export function sessionCookie(ex: Exchange, cookieName: string): Cookie | undefined {
  return parseSetCookie(ex.setCookies, { decodeValues: false }).find((c) => isSessionCookieName(c.name, cookieName));
}

/** A Set-Cookie that tells the browser to drop the cookie: empty, Max-Age<=0, or expired. */
export function isDeletion(c: Cookie, now = Date.now()): boolean {
  return c.value === "" || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires !== undefined && c.expires.getTime() <= now);
}

const matches = (source: string | undefined, text: string | null): boolean => source !== undefined && text !== null && new RegExp(source).test(text);

export function stateOf(ex: Exchange, contract: ScenarioContract, requestUrl: string): SessionState {
  if (ex.status === 0 || ex.status >= 500) return "error";
  const a = contract.anonymous;
  const location = ex.headers.location === undefined ? null : locationPath(resolveLocation(requestUrl, ex.headers.location));
  const statusOk = a.status === undefined || a.status.includes(ex.status);
  const anonymous = statusOk && (a.location === undefined || matches(a.location, location)) && (a.body === undefined || matches(a.body, ex.body)) && (a.status !== undefined || a.location !== undefined || a.body !== undefined);
  if (anonymous) return "anonymous";
  if (contract.protectedPage.status.includes(ex.status)) return "authenticated";
  return "other";
}

export interface LoginOutcome {
  ex: Exchange;
  ok: boolean;
  /** The session cookie the login set, when it set one. */
  cookie: Cookie | undefined;
}

/** The session contract as requests: log in, look at the protected page, write, log out. */
export class SessionProbe {
  constructor(
    readonly http: AuditHttp,
    readonly contract: ScenarioContract,
  ) {}

  user(n: number): { username: string; password: string } {
    const fill = (t: string): string => t.replace(/\{n\}/g, String(n));
    return { username: fill(this.contract.users.username), password: fill(this.contract.users.password) };
  }

  /** The Cookie header carrying `value` under the name the app set (prefix included). */
  cookieHeader(value: string, name = this.contract.cookieName): string {
    return `${name}=${value}`;
  }

  async login(credentials: { username: string; password: string }, cookie?: string): Promise<LoginOutcome> {
    const { login } = this.contract;
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(login.fields)) fields[k] = v.replace(/\{username\}/g, credentials.username).replace(/\{password\}/g, credentials.password);
    const ex = login.method === "POST"
      ? await this.http.send("POST", login.path, { form: fields, ...(cookie === undefined ? {} : { cookie }) })
      : await this.http.send("GET", `${login.path}?${new URLSearchParams(fields).toString()}`, cookie === undefined ? {} : { cookie });
    const c = sessionCookie(ex, this.contract.cookieName);
    const location = ex.headers.location === undefined ? null : locationPath(resolveLocation(this.url(login.path), ex.headers.location));
    const ok = login.success.status.includes(ex.status) && (login.success.location === undefined || matches(login.success.location, location));
    return { ex, ok, cookie: c !== undefined && !isDeletion(c) ? c : undefined };
  }

  /** A logged-in user n, or undefined (the caller says why the check cannot go on). */
  async loggedIn(n: number): Promise<{ cookie: Cookie; header: string } | undefined> {
    const r = await this.login(this.user(n));
    return r.ok && r.cookie ? { cookie: r.cookie, header: this.cookieHeader(r.cookie.value, r.cookie.name) } : undefined;
  }

  async state(cookieHeader: string | undefined, http: AuditHttp = this.http): Promise<{ ex: Exchange; state: SessionState }> {
    const path = this.contract.protectedPage.path;
    const ex = await http.send("GET", path, cookieHeader === undefined ? {} : { cookie: cookieHeader });
    return { ex, state: stateOf(ex, this.contract, this.url(path)) };
  }

  async logout(cookieHeader: string, headers: Record<string, string> = {}): Promise<Exchange> {
    const { logout } = this.contract;
    return this.http.send(logout.method, logout.path, { cookie: cookieHeader, headers, ...(logout.method === "POST" ? { form: {} } : {}) });
  }

  /** The write-then-redirect, adding `token`; `over` replaces the request's headers or body (the CSRF check). */
  async write(cookieHeader: string, token: string, over: { headers?: Record<string, string>; rawBody?: string } = {}): Promise<Exchange> {
    const w = this.contract.write;
    const form = { ...w.fields, [w.field]: token };
    if (over.rawBody !== undefined) return this.http.send(w.method, w.path, { cookie: cookieHeader, body: over.rawBody, headers: over.headers ?? {} });
    return this.http.send(w.method, w.path, { cookie: cookieHeader, form, headers: over.headers ?? {} });
  }

  /** The read page's body, to see whether a token landed. */
  async readBody(cookieHeader: string): Promise<string> {
    return (await this.http.send("GET", this.contract.read.path, { cookie: cookieHeader })).body;
  }

  /** Requests the protected page until every replica has answered (or the bound), and what each said. */
  async perReplica(cookieHeader: string, replicas: readonly string[], maxTries = 8 * replicas.length): Promise<Map<string, { state: SessionState; ex: Exchange }>> {
    const seen = new Map<string, { state: SessionState; ex: Exchange }>();
    for (let i = 0; i < maxTries && seen.size < replicas.length; i++) {
      const r = await this.state(cookieHeader);
      const key = r.ex.replica ?? "unknown";
      if (!seen.has(key) || r.state === "authenticated") seen.set(key, r);
    }
    return seen;
  }

  url(path: string): string {
    return new URL(path, this.http.entryUrl).toString();
  }
}
