import { stringField } from "../http/body";
import { json, redirect } from "../http/Reply";
import { siteUrl } from "../security/siteHost";
import { serializeExpiredCookie, serializeSessionCookie } from "../session/cookies";
import { signId } from "../session/signedId";
import type { AppContext, Route, RouteContext } from "./Route";

const weak = (app: AppContext, w: Parameters<AppContext["config"]["weaken"]["has"]>[0]): boolean => app.config.weaken.has(w);

export const loginRoute: Route = {
  method: "POST",
  path: "/login",
  body: true,
  async handle(ctx) {
    const { app, fields, session } = ctx;
    const username = stringField(fields, "username") ?? "";
    const throttled = weak(app, "no-throttle") ? undefined : app.throttle.check(username);
    if (throttled?.allowed === false) {
      app.metrics.logins.inc({ result: "throttled" });
      return json(429, { error: "too many failed logins; try again later" }, { "Retry-After": String(throttled.retryAfterSeconds) });
    }
    // Missing fields still go through verify so they cost the same scrypt.
    const user = await app.users.verify(username, stringField(fields, "password") ?? "");
    if (user === undefined) {
      app.metrics.logins.inc({ result: "failure" });
      app.throttle.failed(username);
      if (weak(app, "leaky-login")) return app.users.find(username) !== undefined ? json(401, { error: "wrong password" }) : json(404, { error: "no such user" });
      return json(401, { error: "invalid credentials" });
    }
    app.throttle.succeeded(username);
    app.metrics.logins.inc({ result: "success" });
    const now = app.expiry.now();
    const id = await keptId(ctx) ?? app.ids.create();
    session.begin({ id, userId: user.id, username: user.username, roles: user.roles, cart: [], version: 1, createdAt: now, lastSeenAt: now });
    const landing = siteUrl(ctx.req, app.config.siteHost, "/dashboard") ?? "/dashboard";
    // The "lost" cookie fault: PHP's "headers already sent": the session is stored, its cookie never leaves.
    if (app.config.cookieFault === "lost") return redirect(landing);
    return redirect(landing, { "Set-Cookie": serializeSessionCookie(app.secret === undefined ? id : signId(id, app.secret), ctx.cookie) });
  },
};

/** The id the two fixation weaknesses keep instead of a fresh one; undefined when the app is whole. */
async function keptId({ app, session }: RouteContext): Promise<string | undefined> {
  const id = session.cookieId;
  if (id === undefined || !app.ids.isWellFormed(id)) return undefined;
  if (!weak(app, "no-rotation") && !weak(app, "accept-client-id")) return undefined;
  await session.load();
  const live = session.session !== undefined;
  if (live && weak(app, "no-rotation")) return id;
  if (!live && weak(app, "accept-client-id")) return id;
  return undefined;
}

export const logoutRoute: Route = {
  method: "POST",
  path: "/logout",
  commitFirst: true,
  handle({ app, session, cookie }) {
    if (!weak(app, "no-server-logout")) session.end();
    app.metrics.logouts.inc();
    const expired = weak(app, "logout-cookie-mismatch")
      ? serializeExpiredCookie({ ...cookie, httpOnly: false, sameSite: false }, "/logout")
      : serializeExpiredCookie(cookie);
    return redirect("/login", { "Set-Cookie": expired });
  },
};
