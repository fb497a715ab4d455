import type { IncomingMessage, ServerResponse } from "node:http";
import { BadBodyError, BodyTooLargeError, parseFields, readBody, type Fields } from "./http/body";
import { json, sendReply, storeUnavailable, type Reply } from "./http/Reply";
import { logLine } from "./log";
import type { AppContext, Route, RouteContext } from "./routes/Route";
import { parseCookies } from "./session/cookies";
import { RequestSession } from "./session/RequestSession";
import { isWellFormedSessionId } from "./session/sessionId";
import { LockUnavailableError, StoreError } from "./session/SessionStore";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The request pipeline: route → body → [lock → lookup → handler → commit/respond]. */
export function createPipeline(app: AppContext, routes: readonly Route[], isClosing: () => boolean): RequestHandler {
  const table = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));

  return async (req, res) => {
    res.setHeader("X-Replica", app.config.replica);
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
  const cookieId = parseCookies(req.headers.cookie).get(app.config.cookieName);
  const ctx: RouteContext = { app, req, fields, session: new RequestSession(cookieId, app.store, app.expiry) };
  const serveIt = () => serve(ctx, route, res);
  try {
    const withLock = app.store.withLock?.bind(app.store);
    // No lock for anonymous or forged ids: they only earn a redirect, nothing is written.
    const lockable = route.locked === true && app.config.locking && cookieId !== undefined && isWellFormedSessionId(cookieId);
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
  if (route.lookup === true) {
    await session.load();
    app.metrics.lookups.inc({ result: session.state });
    if (session.expired !== undefined) app.metrics.expirations.inc({ kind: session.expired });
  }
  const reply = await route.handle(ctx);
  if (route.lookup === true) {
    reply.headers["X-Session-State"] = session.state;
    reply.headers["X-Session-Version"] = String(session.readVersion);
  }
  if (app.config.commit === "before-redirect") {
    await session.commit();
    return respond(res, reply);
  }
  await sendReply(res, reply);
  try {
    await session.commit();
  } catch (error) {
    // The client already has its answer (often a redirect promising the write):
    // all that is left is to count and log the write that never happened.
    if (!(error instanceof StoreError)) throw error;
    storeFailed(app, error);
  }
  return reply.status;
}

function storeFailed(app: AppContext, error: StoreError): void {
  app.metrics.storeErrors.inc();
  app.log(logLine("store-error", { replica: app.config.replica, op: error.op, error: error.message }));
}
