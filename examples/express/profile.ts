/**
 * A typical Express + express-session app as the harness sees it
 * (`--app express`). It stands for a third-party app: no replica, session-state
 * or version headers, no metrics; the harness's nginx names the replica.
 * README.md next to this file describes the app and what was measured by hand.
 */
import { defineProfile } from "../../harness/profile/AppProfile";

export default defineProfile({
  name: "express",
  description: "Express 5 + express-session 1.19 (MemoryStore, connect-redis 9 on node-redis 5 with one Redis or through Redis Sentinel, or connect-memcached 3): login, dashboard, cart.",
  replica: {
    process: {
      command: "{node}",
      args: ["{profileDir}/app/server.js"],
      env: {
        PORT: "{port}",
        HOST: "{host}",
        REPLICA: "{replica}",
        SESSION_COOKIE_NAME: "{cookieName}",
        EXIT_ON_STDIN_CLOSE: "1",
        NODE_ENV: "production",
      },
      stdinLifeline: true,
    },
    // The login page touches no store (no cookie, saveUninitialized: false):
    // ready means listening, and, with redis or redis-sentinel, connected once (server.js awaits it).
    ready: { http: { path: "/login" } },
    image: { dockerfile: "Dockerfile" },
  },
  stores: {
    memory: { description: "express-session's built-in MemoryStore, one per process", service: "none", shared: false, env: { SESSION_STORE: "memory" } },
    redis: {
      description: "connect-redis 9 on node-redis 5, one Redis shared by every replica (no locking)",
      service: "redis",
      shared: true,
      env: { SESSION_STORE: "redis", REDIS_URL: "{store.url}" },
    },
    "redis-sentinel": {
      description:
        "connect-redis 9 on node-redis 5's own Sentinel client (createSentinel): it asks the sentinels for the primary, dials it through the NAT map, and on their events holds every command until they name the promoted replica (requests wait out a failover, no 503)",
      service: "redis-sentinel",
      shared: true,
      env: { SESSION_STORE: "redis-sentinel", REDIS_SENTINELS: "{store.sentinels}", REDIS_MASTER_NAME: "{store.masterName}", REDIS_NAT_MAP: "{store.natMap}" },
    },
    memcached: {
      description: "connect-memcached 3 on the `memcached` client (a consistent hash ring over the nodes), two memcached nodes",
      service: "memcached",
      shared: true,
      env: { SESSION_STORE: "memcached", MEMCACHED_SERVERS: "{store.servers}" },
    },
  },
  defaultStore: "memory",
  knobs: {
    commit: {
      description: "when the session write happens relative to the 302",
      // What most Express code does: redirect and let express-session save from res.end().
      default: "after-response",
      values: {
        "before-redirect": {
          description: "req.session.save(cb), redirect in the callback: the write is acknowledged before the first byte",
          env: { SESSION_COMMIT: "before-redirect" },
        },
        // Not opensRace: express-session sends the 302's headers before the
        // write but holds its last body byte until the store acknowledged it,
        // and the harness's nginx (postpone_output 1460) sends nothing of a
        // small response before that byte. Measured: 0 stale reads even for a
        // client that follows on headers. It would open a race if the scenarios
        // sent `Accept: application/json`: the redirect's body is then empty,
        // nothing is held back (k6 sends no Accept today); see README. Behind
        // --proxy-buffering off it is a race for browser users, which follow on
        // the headers (browser-login-loop measures it); k6's HTTP users wait for
        // the last byte and never see it.
        "after-response": {
          description: "res.redirect() only; express-session saves from its res.end() wrapper, holding back the last body byte until the store answers",
          env: { SESSION_COMMIT: "after-response" },
        },
      },
    },
    "cookie-fault": {
      description: "one of seed 000's causes that only a browser shows (the browser scenarios' known answers); no login subdomain here, so no host-only; no narrow-path either, since express-session serves only requests under its cookie's path",
      default: "none",
      values: {
        none: { description: "connect.sid: Path=/, HttpOnly, SameSite=Lax" },
        "samesite-strict": { description: "SameSite=Strict: withheld when the user arrives from another site", env: { COOKIE_FAULT: "samesite-strict" } },
        "samesite-none-insecure": { description: "SameSite=None without Secure: refused by the browser", env: { COOKIE_FAULT: "samesite-none-insecure" } },
        "secure-over-http": { description: "cookie.secure over plain http: express-session never sends the cookie at all", env: { COOKIE_FAULT: "secure-over-http" } },
      },
    },
    "memcached-client": {
      description: "the `memcached` client's failure settings: how soon a node that failed is asked again",
      default: "defaults",
      stores: ["memcached"],
      values: {
        defaults: { description: "the package's own: a failed node is asked again after 30 s (`retry`), and after 5 failures marked dead for 5 hours (`reconnect`)" },
        prompt: { description: "asked again after 1 s, with 1 s timeouts: a restarted node is used again within a second", env: { MEMCACHED_CLIENT: "prompt" } },
      },
    },
    secret: {
      description: "express-session's `secret`, which signs its cookie: a deploy whose replicas disagree on it logs users out",
      default: "shared",
      values: {
        shared: { description: "one secret for every replica (SESSION_SECRET, or the example's fixed test secret)" },
        "per-replica": { description: "crypto.randomBytes at boot, as `secret: crypto.randomUUID()` does: every other replica, and the same one after a restart, treats the cookie as forged", env: { SESSION_SECRET_PER_REPLICA: "1" } },
      },
    },
  },
  session: {
    cookieName: "connect.sid",
    users: { count: 100, username: "user{n}", password: "pass-user{n}" },
    login: { method: "POST", path: "/login", fields: { username: "{username}", password: "{password}" }, success: { status: [302], location: "^/dashboard$" } },
    anonymous: { status: [302], location: "^/login$" },
    protectedPage: { path: "/dashboard" },
    write: { method: "POST", path: "/cart", field: "item", success: { status: [302], location: "^/cart$" } },
    read: { path: "/cart", tokens: { json: "items" } },
    logout: { method: "POST", path: "/logout", success: { status: [302], location: "^/login$" } },
  },
  capabilities: {},
  // express-session signs its cookie: the value is "s%3A" + the 32-character id + "." + an HMAC.
  audit: { sessionIdPattern: "^s%3A([^.]+)\\." },
});
