import type { IncomingMessage } from "node:http";
import type { AppConfig } from "../config";
import type { Fields } from "../http/body";
import { redirect, type Reply } from "../http/Reply";
import type { Log } from "../log";
import type { Metrics } from "../metrics";
import type { LoginThrottle } from "../security/LoginThrottle";
import type { CookieOptions } from "../session/cookies";
import type { SessionIds } from "../session/sessionId";
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
  ids: SessionIds;
  throttle: LoginThrottle;
  trustedProxies: ReadonlySet<string>;
  /** What session cookies are signed with; undefined: they hold the bare id. */
  secret: Buffer | undefined;
}

export interface RouteContext {
  app: AppContext;
  req: IncomingMessage;
  fields: Fields;
  session: RequestSession;
  /** This request's session cookie: Secure and __Host- when it came over TLS. */
  cookie: CookieOptions;
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
  /** Commit before answering whatever SESSION_COMMIT says: a logout must not tell
   * the browser the session is over before the store agrees (fail closed). */
  commitFirst?: boolean;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

/** Where anonymous visitors of a protected page go: the start of the login loop. */
export function toLogin(): Reply {
  return redirect("/login");
}
