/**
 * A plain PHP 8.2 app on php-fpm with PHP's own session module, as the harness
 * sees it (`--app php`). It reproduces seed 000's login loop: per-replica
 * session files behind a round-robin balancer, and when the session is written
 * relative to the 302. It stands for a third-party app: no replica, session
 * state or version headers, no metrics; the harness's nginx names the replica.
 * README.md next to this file describes the app and what was measured by hand.
 */
import { defineProfile } from "../../harness/profile/AppProfile";
import { phpFpmBinary } from "./phpFpmBinary";

/** One owner for the pool size: php-fpm's pm.max_children (php-fpm.conf reads it) and the connections nginx keeps to a replica. */
const WORKERS = 8;

/** phpredis's save path through the replica's own proxy; `extra` adds query options. */
const redisSavePath = (extra = ""): string => `session.save_path="tcp://{store.host}:{store.port}?timeout=1&read_timeout=1${extra}"`;

export default defineProfile({
  name: "php",
  description: "PHP 8.2 on php-fpm (static pool of 8) with PHP's session module: per-replica session files, phpredis 5.3 on a shared Redis, or php-memcached 3.2 over memcached nodes.",
  replica: {
    process: {
      command: phpFpmBinary(),
      // -R: the harness may run as root, and a pool without `user` refuses to start as root without it
      // (measured: "[pool app-1] user has not been defined"). Harmless as any other user.
      args: ["-F", "-R", "-y", "{replicaDir}/php-fpm.conf"],
      env: { SESSION_COOKIE_NAME: "{cookieName}", PHP_FPM_WORKERS: String(WORKERS) },
      files: [{ path: "{replicaDir}/php-fpm.conf", template: "php-fpm.conf" }],
      stopSignal: "SIGQUIT",
    },
    protocol: "fastcgi",
    fastcgi: { documentRoot: "{profileDir}/app", workers: WORKERS },
    // php-fpm listens only once its pool is up; no page to ask without touching the store.
    ready: { tcp: true },
    // The harness's runtime image has Debian's php-fpm and phpredis already.
    image: { dockerfile: "Dockerfile" },
  },
  // Values in double quotes: php-fpm parses `-d` like a php.ini line, where an
  // unquoted "=" or "&" ends the value (measured: the Redis URL was cut at "?timeout").
  stores: {
    files: {
      description: "PHP's files handler in each replica's own folder: sessions are per replica",
      service: "none",
      shared: false,
      args: ["-d", "session.save_handler=files", "-d", 'session.save_path="{replicaDir}"'],
    },
    redis: {
      description: "phpredis's session handler on one Redis shared by every replica",
      service: "redis",
      shared: true,
      // timeout/read_timeout: without them a Redis that stops answering holds a
      // request 60 s (default_socket_timeout) and nginx answers 504; with them, 503 in 1 s.
      args: ["-d", "session.save_handler=redis", "-d", redisSavePath()],
    },
    memcached: {
      description: "php-memcached's session handler over two memcached nodes (ketama consistent hashing and its session lock, the extension's defaults)",
      service: "memcached",
      shared: true,
      // sess_connect_timeout: 0 (the default) leaves a connect to a node that is
      // gone to the OS; 1 s, as for phpredis, fails the request promptly instead.
      args: ["-d", "session.save_handler=memcached", "-d", 'session.save_path="{store.servers}"', "-d", "memcached.sess_connect_timeout=1000"],
    },
  },
  defaultStore: "files",
  knobs: {
    commit: {
      description: "when the session is written relative to the 302",
      // What PHP does when the code does nothing: write at request shutdown.
      default: "script-end",
      values: {
        "before-redirect": {
          description: "session_write_close() before header('Location: …'); a failed write answers 503 instead of the 302",
          env: { SESSION_COMMIT: "before-redirect" },
        },
        // Not opensRace: php-fpm sends nothing of the response until after the
        // session module's shutdown write (measured: the 302 reaches the client
        // ~1 ms after Redis ran the SETEX, 0 stale reads even with 50±40 ms
        // latency). But a failed write still leaves with a 302.
        "script-end": {
          description: "nothing explicit: PHP writes the session at request shutdown, before php-fpm sends the response",
          env: { SESSION_COMMIT: "script-end" },
        },
        // Measured: the 302 is in the client's hands ~50 ms before Redis runs the
        // SETEX under 50 ms latency; stale reads on plain loopback too (4 in 995).
        "after-response": {
          description: "fastcgi_finish_request() after the Location header: the 302 leaves, then PHP writes the session",
          env: { SESSION_COMMIT: "after-response" },
          opensRace: true,
        },
      },
    },
    "cookie-fault": {
      description: "one of seed 000's causes that only a browser shows (the browser scenarios' known answers); this app has no login subdomain, so no host-only value",
      default: "none",
      values: {
        none: { description: "PHPSESSID as session_set_cookie_params() sets it: Path=/, HttpOnly, SameSite=Lax" },
        lost: { description: "output before session_start() with output_buffering=0: \"headers already sent\", no cookie and no redirect", env: { COOKIE_FAULT: "lost" }, args: ["-d", "output_buffering=0"] },
        "narrow-path": { description: "Path=/account/, which covers none of the pages", env: { COOKIE_FAULT: "narrow-path" } },
        "samesite-strict": { description: "SameSite=Strict: withheld when the user arrives from another site", env: { COOKIE_FAULT: "samesite-strict" } },
        "samesite-none-insecure": { description: "SameSite=None without Secure: refused by the browser", env: { COOKIE_FAULT: "samesite-none-insecure" } },
        "secure-over-http": { description: "Secure over plain http: refused by the browser", env: { COOKIE_FAULT: "secure-over-http" } },
      },
    },
    // How PHP reaches Redis: phpredis opens a connection per request unless told
    // to keep one per worker. Per request is the default and what most apps run;
    // each one is a new TCP connection through Toxiproxy (the run's plumbing
    // section counts them), persistent keeps one per php-fpm worker.
    "redis-connection": {
      description: "phpredis's connection to Redis: a new one per request (default), or one kept per php-fpm worker (persistent=1)",
      default: "per-request",
      stores: ["redis"],
      values: {
        "per-request": { description: "connect in session_start(), close at the end of the request" },
        persistent: { description: "one connection per php-fpm worker, reused by its requests", args: ["-d", redisSavePath("&persistent=1")] },
      },
    },
    // php-memcached hashes session keys over the list with ketama (a consistent
    // hash) unless told not to; modulo is what a list change costs without it.
    "memcached-hash": {
      description: "how php-memcached picks a node for a session: ketama consistent hashing (its default, memcached.sess_consistent_hash=On) or modulo over the list",
      default: "consistent",
      stores: ["memcached"],
      values: {
        consistent: { description: "ketama: a node added or removed moves only the keys of the arcs it takes or gives up", args: ["-d", "memcached.sess_consistent_hash=1"] },
        modulo: { description: "hash % servers: a list of another length moves most keys", args: ["-d", "memcached.sess_consistent_hash=0"] },
      },
    },
    locking: {
      description: "phpredis's per-session lock, held from session_start() to the write",
      default: "off",
      stores: ["redis"],
      values: {
        off: { args: ["-d", "redis.session.locking_enabled=0"] },
        // Up to 100 tries 20 ms apart (phpredis 6's defaults; 5.3's are 10 x 2 ms),
        // a lock lives 10 s at most if its holder dies. When the lock cannot be had,
        // phpredis 5.3 reads anyway and refuses the write: see README.
        on: {
          args: [
            "-d", "redis.session.locking_enabled=1",
            "-d", "redis.session.lock_wait_time=20000",
            "-d", "redis.session.lock_retries=100",
            "-d", "redis.session.lock_expire=10",
          ],
        },
      },
    },
  },
  session: {
    cookieName: "PHPSESSID",
    users: { count: 100, username: "user{n}", password: "pass-user{n}" },
    login: { method: "POST", path: "/login.php", fields: { username: "{username}", password: "{password}" }, success: { status: [302], location: "^/dashboard\\.php$" } },
    anonymous: { status: [302], location: "^/login\\.php$" },
    protectedPage: { path: "/dashboard.php" },
    write: { method: "POST", path: "/cart.php", field: "item", success: { status: [302], location: "^/cart\\.php$" } },
    read: { path: "/cart.php", tokens: { regex: '<li class="item">([^<]*)</li>' } },
    logout: { method: "POST", path: "/logout.php", success: { status: [302], location: "^/login\\.php$" } },
  },
  capabilities: {},
});
