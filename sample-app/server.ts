import { sessionSecret } from "./session/signedId";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppConfig } from "./config";
import { logLine, stdoutLog, type Log } from "./log";
import { Metrics } from "./metrics";
import { createPipeline } from "./pipeline";
import { loginRoute, logoutRoute } from "./routes/auth";
import { addToCartRoute, cartRoute } from "./routes/cart";
import { dashboardRoute } from "./routes/dashboard";
import { healthzRoute, metricsRoute } from "./routes/ops";
import type { AppContext } from "./routes/Route";
import { LoginThrottle } from "./security/LoginThrottle";
import { parseTrustedProxies } from "./security/forwarded";
import { MemcachedStore } from "./session/MemcachedStore";
import { MemoryStore } from "./session/MemoryStore";
import { RedisStore } from "./session/RedisStore";
import { ExpiryPolicy } from "./session/Session";
import { shortSessionIds, strongSessionIds } from "./session/sessionId";
import type { SessionStore } from "./session/SessionStore";
import { UserDirectory } from "./users";

export interface StartedApp {
  port: number;
  /** Stops accepting, lets in-flight requests (and their after-response commits)
   * finish for up to SHUTDOWN_GRACE_MS, then closes the store. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface StartOptions {
  log?: Log;
  /** Tests substitute an instrumented store; otherwise config.store decides. */
  createStore?: (expiry: ExpiryPolicy) => SessionStore;
}

const SHUTDOWN_GRACE_MS = 5_000;
const UPSTREAM_KEEPALIVE_MS = 65_000;

const ROUTES = [healthzRoute, metricsRoute, loginRoute, logoutRoute, dashboardRoute, cartRoute, addToCartRoute];

function createStore(config: AppConfig, expiry: ExpiryPolicy, metrics: Metrics, log: Log): SessionStore {
  if (config.store === "memory") return new MemoryStore(expiry);
  if (config.store === "memcached") return new MemcachedStore({ servers: config.memcachedServers, expiry });
  return new RedisStore({
    url: config.redisSentinel ?? config.redisUrl,
    wait: config.redisWait,
    ...(config.redisReadUrl === undefined ? {} : { readUrl: config.redisReadUrl }),
    replica: config.replica,
    expiry,
    lock: { ttlMs: config.lockTtlMs, waitMs: config.lockWaitMs },
    lockObserver: metrics,
    log,
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<StartedApp> {
  const log = options.log ?? stdoutLog;
  const metrics = new Metrics(config.replica);
  // The no-expiry weakness: timeouts far beyond any audit (a month idle, a year absolute).
  const expiry = config.weaken.has("no-expiry") ? new ExpiryPolicy(30 * 86_400_000, 365 * 86_400_000) : new ExpiryPolicy(config.idleTtlMs, config.absoluteTtlMs);
  const store = options.createStore?.(expiry) ?? createStore(config, expiry, metrics, log);
  // Wait for the first connection (bounded by its connect timeout) so the ready
  // line does not precede a wave of 503s; an unreachable Redis is not fatal.
  if (store instanceof RedisStore) await store.connect();
  const app: AppContext = {
    config,
    store,
    expiry,
    users: new UserDirectory(config.seedUsers),
    metrics,
    log,
    ids: config.weaken.has("short-id") ? shortSessionIds : strongSessionIds,
    throttle: new LoginThrottle(config.loginMaxFailures, config.loginWindowMs),
    trustedProxies: parseTrustedProxies(config.trustedProxies),
    secret: config.cookieSigning === "off" ? undefined : sessionSecret(config.cookieSigning === "shared" ? config.sessionSecret : undefined).value,
  };

  let closing = false;
  const inFlight = new Set<Promise<void>>();
  const handle = createPipeline(app, ROUTES, () => closing);
  const server = createServer((req, res) => {
    const done = handle(req, res)
      .catch((error: unknown) => log(logLine("internal-error", { replica: config.replica, error: String(error) })))
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  // nginx keeps upstream connections up to 60 s; were Node to close an idle one
  // first (its default is 5 s), nginx could send a request into the closing
  // socket and answer 502: noise the harness would blame on sessions.
  server.keepAliveTimeout = UPSTREAM_KEEPALIVE_MS;
  server.headersTimeout = UPSTREAM_KEEPALIVE_MS + 1_000;

  let port: number;
  try {
    port = await listen(server, config.port, config.host);
  } catch (error) {
    await store.close();
    throw error;
  }
  log(logLine("ready", { replica: config.replica, port, store: config.store }));

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = (async () => {
        // Requests may still arrive on kept-alive connections that were busy; each
        // such connection turns idle only once its last response is out.
        while (inFlight.size > 0) await Promise.allSettled(inFlight);
        server.closeIdleConnections();
        await stopped;
        return true;
      })();
      const finished = await Promise.race([drained, sleep(SHUTDOWN_GRACE_MS, false, { ref: false })]);
      if (!finished) {
        log(logLine("shutdown-forced", { replica: config.replica, inFlight: inFlight.size }));
        server.closeAllConnections();
      }
      await store.close();
    })();
    return closed;
  };
  return { port, close, [Symbol.asyncDispose]: close };
}
