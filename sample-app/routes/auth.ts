import { stringField } from "../http/body";
import { json, redirect } from "../http/Reply";
import { serializeExpiredCookie, serializeSessionCookie, type CookieOptions } from "../session/cookies";
import { newSessionId } from "../session/sessionId";
import type { AppContext, Route } from "./Route";

function cookieOptions(app: AppContext): CookieOptions {
  return { name: app.config.cookieName, secure: app.config.cookieSecure };
}

export const loginRoute: Route = {
  method: "POST",
  path: "/login",
  body: true,
  async handle({ app, fields, session }) {
    // Missing fields still go through verify so they cost the same scrypt.
    const user = await app.users.verify(stringField(fields, "username") ?? "", stringField(fields, "password") ?? "");
    if (user === undefined) {
      app.metrics.logins.inc({ result: "failure" });
      return json(401, { error: "invalid credentials" });
    }
    app.metrics.logins.inc({ result: "success" });
    const now = app.expiry.now();
    const id = newSessionId();
    session.begin({
      id,
      userId: user.id,
      username: user.username,
      roles: user.roles,
      cart: [],
      version: 1,
      createdAt: now,
      lastSeenAt: now,
    });
    return redirect("/dashboard", { "Set-Cookie": serializeSessionCookie(id, cookieOptions(app)) });
  },
};

export const logoutRoute: Route = {
  method: "POST",
  path: "/logout",
  handle({ app, session }) {
    session.end();
    app.metrics.logouts.inc();
    return redirect("/login", { "Set-Cookie": serializeExpiredCookie(cookieOptions(app)) });
  },
};
