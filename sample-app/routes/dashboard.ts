import { json } from "../http/Reply";
import { toLogin, type Route } from "./Route";

export const dashboardRoute: Route = {
  method: "GET",
  path: "/dashboard",
  lookup: true,
  handle({ app, session: { session } }) {
    if (session === undefined) return toLogin();
    return json(200, {
      user: session.username,
      roles: session.roles,
      version: session.version,
      replica: app.config.replica,
    });
  },
};
