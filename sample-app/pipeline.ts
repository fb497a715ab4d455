import type { IncomingMessage, ServerResponse } from "node:http";
import { BadBodyError, BodyTooLargeError, parseFields, readBody, type Fields } from "./http/body";
import { json, sendReply, sendReplyAroundCommit, storeUnavailable, type Reply } from "./http/Reply";
import { logLine } from "./log";
import type { AppContext, Route, RouteContext } from "./routes/Route";
import { crossSiteReason } from "./security/csrf";
import { isHttps } from "./security/forwarded";
import { onSite } from "./security/siteHost";
import { cookieName, parseCookies, type CookieOptions } from "./session/cookies";
import { unsignId } from "./session/signedId";
import { RequestSession } from "./session/RequestSession";
import { LockUnavailableError, StoreError } from "./session/SessionStore";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Sent with every answer: nothing here is meant to be sniffed, framed or
 * scripted. form-action also governs where a form post may be redirected: a
 * login on login.<site> that sends the user on to <site> needs the site named.
 */
export function securityHeaders(siteHost: string): Readonly<Record<string, string>> {
  const formAction = siteHost === "" ? "'self'" : `'self' ${siteHost}:* *.${siteHost}:*`;
  return {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": `default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action ${formAction}`,
    // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" on the app's own form posts, which the CSRF check must refuse.
    "Referrer-Policy": "same-origin",
  };
}

/**
 * The session cookie's attributes for this request: TLS decides Secure and the
 * prefix; on the site's hostnames the cookie carries Domain=<site> so that a
 * login on login.<site> reaches <site>; a cookie fault breaks one of these.
 */
function cookieFor(app: AppContext, req: IncomingMessage): CookieOptions {
  const { config } = app;
  const fault = config.cookieFault;
  const https = config.cookieSecure === "on" || (config.cookieSecure === "auto" && isHttps(req, app.trustedProxies));
  const secure = fault === "secure-over-http" || (https && fault !== "samesite-none-insecure");
  const sameSite = config.weaken.has("no-samesite") ? false : fault === "samesite-strict" ? "Strict" : fault === "samesite-none-insecure" ? "None" : "Lax";
  return {
    name: config.cookieName,
    secure,
    httpOnly: !config.weaken.has("no-httponly"),
    sameSite,
    ...(fault !== "host-only" && onSite(req, config.siteHost) ? { domain: config.siteHost } : {}),
    ...(fault === "narrow-path" ? { path: "/account" } : {}),
    ...(config.weaken.has("persistent-cookie") ? { maxAgeSeconds: 30 * 86_400 } : {}),
  };
}

/** The request pipeline: route → CSRF → body → [lock → lookup → handler → commit/respond]. */
export function createPipeline(app: AppContext, routes: readonly Route[], isClosing: () => boolean): RequestHandler {
  const table = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
  const headers = securityHeaders(app.config.siteHost);

  return async (req, res) => {
    res.setHeader("X-Replica", app.config.replica);
    if (!app.config.weaken.has("no-security-headers")) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    // Keep-alive clients must reconnect elsewhere once shutdown has begun.
    if (isClosing()) res.setHeader("Connection", "close");
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    const key = `${req.method ?? ""} ${path}`;
    const route = table.get(key);
    let status = 500;
    try {
      status = route === undefined ? await respond(res, json(404, { error: "not found" })) : await run(app, route, req, res);
    } catch (error) {
      app.log(logLine("internal-error", { replica: app.config.replica, route: key, error: String(error) }));
      if (!res.headersSent) await respond(res, json(500, { error: "internal error" }));
    }
    app.metrics.requests.inc({ route: route === undefined ? "unmatched" : key, status: String(status) });
  };
}

async function respond(res: ServerResponse, reply: Reply): Promise<number> {
  await sendReply(res, reply);
  return reply.status;
}

async function run(app: AppContext, route: Route, req: IncomingMessage, res: ServerResponse): Promise<number> {
  if (route.method === "POST" && !app.config.weaken.has("no-csrf")) {
    const refused = crossSiteReason(req);
    if (refused !== undefined) return respond(res, json(403, { error: "cross-site request refused", reason: refused }));
  }
  let fields: Fields = {};
  if (route.body === true) {
    try {
      fields = parseFields(await readBody(req), req.headers["content-type"]);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return respond(res, json(413, { error: "request body too large" }, { Connection: "close" }));
      }
      if (error instanceof BadBodyError) return respond(res, json(400, { error: error.message }));
      throw error;
    }
  }
  const cookie = cookieFor(app, req);
  const raw = parseCookies(req.headers.cookie).get(cookieName(cookie));
  // A signed cookie this replica cannot verify is no session at all: another secret signed it.
  const cookieId = raw === undefined || app.secret === undefined ? raw : unsignId(raw, app.secret);
  const ctx: RouteContext = { app, req, fields, cookie, session: new RequestSession(cookieId, app.store, app.expiry, app.ids.isWellFormed) };
  if (raw !== undefined && cookieId === undefined) ctx.session.state = "forged";
  const serveIt = () => serve(ctx, route, res);
  try {
    const withLock = app.store.withLock?.bind(app.store);
    // No lock for anonymous or forged ids: they only earn a redirect, nothing is written.
    const lockable = route.locked === true && app.config.locking && cookieId !== undefined && app.ids.isWellFormed(cookieId);
    return await (lockable && withLock !== undefined ? withLock(cookieId, serveIt) : serveIt());
  } catch (error) {
    if (res.headersSent) throw error;
    if (error instanceof LockUnavailableError) {
      return respond(res, json(503, { error: "session busy" }, { "X-Session-State": "error" }));
    }
    if (error instanceof StoreError) {
      storeFailed(app, error);
      return respond(res, storeUnavailable());
    }
    throw error;
  }
}

/** Runs inside the lock when there is one, so an after-response commit is still covered by it. */
async function serve(ctx: RouteContext, route: Route, res: ServerResponse): Promise<number> {
  const { app, session } = ctx;
  const failOpen = app.config.weaken.has("fail-open");
  if (route.lookup === true) {
    try {
      await session.load();
    } catch (error) {
      // The fail-open weakness: an unreachable store reads as "not logged in".
      if (!(failOpen && error instanceof StoreError)) throw error;
      storeFailed(app, error);
    }
    app.metrics.lookups.inc({ result: session.state });
    if (session.expired !== undefined) app.metrics.expirations.inc({ kind: session.expired });
  }
  const reply = await route.handle(ctx);
  if (route.lookup === true) {
    reply.headers["X-Session-State"] = session.state;
    reply.headers["X-Session-Version"] = String(session.readVersion);
  }
  if (app.config.weaken.has("no-cache-control")) delete reply.headers["Cache-Control"];
  if (app.config.commit === "headers-first" && route.commitFirst !== true) {
    await sendReplyAroundCommit(res, reply, () => commitQuietly(app, session));
    return reply.status;
  }
  if (route.commitFirst === true || app.config.commit === "before-redirect") {
    try {
      await session.commit();
    } catch (error) {
      // The fail-open weakness: a logout whose destroy failed still answers "logged out", clearing the cookie of a live session.
      if (!(route.commitFirst === true && failOpen && error instanceof StoreError)) throw error;
      storeFailed(app, error);
    }
    return respond(res, reply);
  }
  await sendReply(res, reply);
  await commitQuietly(app, session);
  return reply.status;
}

/**
 * A commit after the client has its answer (often a redirect promising the
 * write): all that is left on a store error is to count and log the write
 * that never happened.
 */
async function commitQuietly(app: AppContext, session: RequestSession): Promise<void> {
  try {
    await session.commit();
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    storeFailed(app, error);
  }
}

function storeFailed(app: AppContext, error: StoreError): void {
  app.metrics.storeErrors.inc();
  app.log(logLine("store-error", { replica: app.config.replica, op: error.op, error: error.message }));
}
