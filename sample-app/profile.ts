/**
 * The sample app as the harness sees it: the built-in default profile
 * (`--app sample`). Nothing about this app is known to harness/ or scenarios/
 * except through this file; sample-app/README.md describes the app itself.
 */
import { defineProfile } from "../harness/profile/AppProfile";
import { bundleSampleApp } from "./bundle";
import { WEAKNESSES, weaknessVariable, type Weakness } from "./security/weaknesses";

/** Short enough for the audit to watch a session expire, long enough for its other checks. */
const SHORT_EXPIRY = { idleMs: 1_500, absoluteMs: 4_000 };

export default defineProfile({
  name: "sample",
  description: "The harness's own sample app (node:http): a login, a dashboard and a cart, with its session failure modes behind knobs.",
  replica: {
    prepare: bundleSampleApp,
    process: {
      command: "{node}",
      args: ["{projectRoot}/.build/sample-app/app.mjs"],
      env: {
        NODE_ENV: "production",
        PORT: "{port}",
        HOST: "{host}",
        REPLICA: "{replica}",
        COOKIE_NAME: "{cookieName}",
        EXIT_ON_STDIN_CLOSE: "1",
        // nginx reaches replicas over loopback (processes); its X-Forwarded-Proto says whether the client used TLS.
        TRUSTED_PROXIES: "loopback",
        SITE_HOST: "{site}",
      },
      stdinLifeline: true,
    },
    ready: { http: { path: "/healthz" } },
    // The bundle is all the app needs; the image puts it where {projectRoot} points in a container.
    image: { dockerfile: "Dockerfile", context: "{projectRoot}/.build/sample-app" },
  },
  stores: {
    memory: { description: "a Map in each replica's process", service: "none", shared: false, env: { SESSION_STORE: "memory" } },
    redis: { description: "one Redis shared by every replica (ioredis)", service: "redis", shared: true, env: { SESSION_STORE: "redis", REDIS_URL: "{store.url}" } },
    "redis-replica": {
      description: "a Redis primary for writes and a replica node for session lookups (ioredis, a client for each), as apps that read from replicas do",
      service: "redis-replica",
      shared: true,
      env: { SESSION_STORE: "redis", REDIS_URL: "{store.url}", REDIS_READ_URL: "{store.readUrl}" },
    },
    memcached: {
      description: "two memcached nodes (and a spare for add-node); memjs hashes each session to one of them (its own hash modulo the server count, no failover)",
      service: "memcached",
      shared: true,
      env: { SESSION_STORE: "memcached", MEMCACHED_SERVERS: "{store.servers}" },
    },
    "redis-sentinel": {
      description: "a Redis primary, two replicas and three sentinels; ioredis asks the sentinels where the primary is and follows a failover",
      service: "redis-sentinel",
      shared: true,
      env: { SESSION_STORE: "redis", REDIS_SENTINELS: "{store.sentinels}", REDIS_MASTER_NAME: "{store.masterName}", REDIS_NAT_MAP: "{store.natMap}" },
    },
  },
  defaultStore: "memory",
  knobs: {
    commit: {
      description: "when the session write happens relative to the response",
      default: "before-redirect",
      values: {
        "before-redirect": { description: "written before the first byte of the response", env: { SESSION_COMMIT: "before-redirect" } },
        "after-response": { description: "written after the whole response left", env: { SESSION_COMMIT: "after-response" }, opensRace: true },
        "headers-first": {
          description: "headers and all but the body's last byte leave, then the write, then the last byte (express-session's way): a race only for clients that follow a redirect on its headers, as browsers do",
          env: { SESSION_COMMIT: "headers-first" },
          opensRace: true,
        },
      },
    },
    "cookie-fault": {
      description: "one of seed 000's causes that only a browser shows (the browser scenarios' known answers)",
      default: "none",
      values: {
        none: { description: "the cookie as it should be: Domain=<site> on the site's hostnames, SameSite=Lax, Secure over TLS" },
        lost: { description: "the login answers 302 without Set-Cookie, as PHP does after \"headers already sent\"", env: { COOKIE_FAULT: "lost" } },
        "host-only": { description: "no Domain: the cookie set on login.<site> never reaches <site>", env: { COOKIE_FAULT: "host-only" } },
        "narrow-path": { description: "Path=/account, which does not cover /dashboard or /cart", env: { COOKIE_FAULT: "narrow-path" } },
        "samesite-strict": { description: "SameSite=Strict: withheld when the user arrives from another site", env: { COOKIE_FAULT: "samesite-strict" } },
        "samesite-none-insecure": { description: "SameSite=None without Secure: refused by the browser", env: { COOKIE_FAULT: "samesite-none-insecure" } },
        "secure-over-http": { description: "Secure even over plain http: refused by the browser", env: { COOKIE_FAULT: "secure-over-http" } },
      },
    },
    secret: {
      description: "what signs the session cookie (as express-session's `secret` does): a deploy whose replicas disagree on it logs users out",
      default: "none",
      values: {
        none: { description: "unsigned: the cookie holds the bare session id" },
        shared: { description: "signed with one secret every replica is given (SESSION_SECRET), so a restarted replica still reads old cookies", env: { COOKIE_SIGNING: "shared", SESSION_SECRET: "sample-app-shared-secret-for-tests" } },
        "per-replica": { description: "signed with a secret each replica process makes at boot (crypto.randomBytes): every other replica, and the same one after a restart, reads the cookie as forged", env: { COOKIE_SIGNING: "per-replica" } },
      },
    },
    "redis-wait": {
      description: "whether a session write waits for a replica (Redis WAIT) before the app answers: a write no replica acknowledged fails instead of being lost in a failover later",
      default: "off",
      values: {
        off: { description: "no WAIT: the primary's OK is enough, as most apps do" },
        "one-replica": { description: "WAIT 1 100 after each write; fewer than one replica within 100 ms fails the request (503)", env: { REDIS_WAIT_REPLICAS: "1", REDIS_WAIT_TIMEOUT_MS: "100" } },
      },
    },
    expiry: {
      description: "session timeouts",
      default: "standard",
      values: {
        standard: { description: "30 min idle, 8 h absolute" },
        short: {
          description: `${SHORT_EXPIRY.idleMs} ms idle, ${SHORT_EXPIRY.absoluteMs} ms absolute (the audit's expiry checks)`,
          env: { SESSION_IDLE_TTL_MS: String(SHORT_EXPIRY.idleMs), SESSION_ABSOLUTE_TTL_MS: String(SHORT_EXPIRY.absoluteMs) },
        },
      },
    },
    locking: {
      description: "a per-session Redis lock around every cart write",
      default: "off",
      stores: ["redis"],
      values: { off: { env: { SESSION_LOCKING: "off" } }, on: { env: { SESSION_LOCKING: "on" } } },
    },
  },
  session: {
    cookieName: "sid",
    users: { count: 100, username: "user{n}", password: "pass-user{n}" },
    login: { path: "/login", fields: { username: "{username}", password: "{password}" }, success: { status: [302], location: "^/dashboard$" } },
    anonymous: { status: [302], location: "^/login$" },
    protectedPage: { path: "/dashboard" },
    write: { path: "/cart", field: "item", success: { status: [302], location: "^/cart$" } },
    read: { path: "/cart", tokens: { json: "items" } },
    logout: { path: "/logout", success: { status: [302], location: "^/login$" } },
  },
  weaknesses: Object.fromEntries(
    (Object.keys(WEAKNESSES) as Weakness[]).map((w) => [w, { description: WEAKNESSES[w], env: { [weaknessVariable(w)]: "1" } }]),
  ),
  audit: { shortExpiry: { knob: "expiry", value: "short", ...SHORT_EXPIRY } },
  capabilities: {
    replicaHeader: "X-Replica",
    sessionStateHeader: "X-Session-State",
    sessionVersionHeader: "X-Session-Version",
    metrics: {
      path: "/metrics",
      counters: {
        activeSessions: "sessions_active",
        lookups: "session_lookups_total",
        storeErrors: "session_store_errors_total",
        logins: "logins_total",
        logouts: "logouts_total",
        expirations: "session_expirations_total",
        lockWaits: "session_lock_waits_total",
        lockWaitSeconds: "session_lock_wait_seconds_sum",
        lockFailures: "session_lock_failures_total",
      },
    },
  },
});
