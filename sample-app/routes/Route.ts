import type { IncomingMessage } from "node:http";
import type { AppConfig } from "../config";
import type { Fields } from "../http/body";
import { redirect, type Reply } from "../http/Reply";
import type { Log } from "../log";
import type { Metrics } from "../metrics";
import type { RequestSession } from "../session/RequestSession";
import type { ExpiryPolicy } from "../session/Session";
import type { SessionStore } from "../session/SessionStore";
import type { UserDirectory } from "../users";

/** Everything a replica shares between requests. */
export interface AppContext {
  config: AppConfig;
  store: SessionStore;
  expiry: ExpiryPolicy;
  users: UserDirectory;
  metrics: Metrics;
  log: Log;
}

export interface RouteContext {
  app: AppContext;
  req: IncomingMessage;
  fields: Fields;
  session: RequestSession;
}

export interface Route {
  method: "GET" | "POST";
  path: string;
  /** Read a form/JSON body into ctx.fields (capped). */
  body?: boolean;
  /** Look the session up before the handler (sets X-Session-State/-Version). */
  lookup?: boolean;
  /** A read-modify-write: run under the per-session lock when SESSION_LOCKING=on. */
  locked?: boolean;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

/** Where anonymous visitors of a protected page go: the start of the login loop. */
export function toLogin(): Reply {
  return redirect("/login");
}
