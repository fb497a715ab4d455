import { WEAKNESSES, weaknessVariable, type Weakness } from "./security/weaknesses";

// Environment → AppConfig. Pure (no process access) so tests can feed it maps;
// every rejection is one line naming the variable and what it accepts, because
// the harness shows a replica's stderr verbatim when it fails to start.

export type StoreKind = "memory" | "redis" | "memcached";
export const COMMIT_POLICIES = ["before-redirect", "after-response", "headers-first"] as const;
export type CommitPolicy = (typeof COMMIT_POLICIES)[number];

/**
 * Seed 000's causes that only a browser shows (the browser scenarios' known
 * answers): none is the app as it should be.
 */
export const COOKIE_FAULTS = ["none", "lost", "host-only", "narrow-path", "samesite-strict", "samesite-none-insecure", "secure-over-http"] as const;
export type CookieFault = (typeof COOKIE_FAULTS)[number];

export interface AppConfig {
  port: number;
  host: string;
  replica: string;
  store: StoreKind;
  redisUrl: string;
  /** REDIS_SENTINELS (instead of REDIS_URL): find the primary through these sentinels, as ioredis does. */
  redisSentinel: SentinelTarget | undefined;
  /**
   * REDIS_WAIT_REPLICAS: after each session write, WAIT for this many
   * replicas (REDIS_WAIT_TIMEOUT_MS at most) and fail the write when fewer
   * acknowledged it; 0, the default: no WAIT, as most apps.
   */
  redisWait: { replicas: number; timeoutMs: number };
  /** Sessions are looked up here (a replica node) when set; every write still goes to redisUrl. */
  redisReadUrl: string | undefined;
  /** MEMCACHED_SERVERS: host:port,host:port, the list the client hashes sessions over. */
  memcachedServers: string;
  commit: CommitPolicy;
  locking: boolean;
  lockTtlMs: number;
  lockWaitMs: number;
  idleTtlMs: number;
  absoluteTtlMs: number;
  cookieName: string;
  /** auto: Secure (and the __Host- prefix) when the request came over TLS. */
  cookieSecure: "auto" | "on" | "off";
  /**
   * The site's hostname (the harness's {site}): a login answered on login.<site>
   * sends the user on to <site>, and the cookie carries Domain=<site> on both.
   */
  siteHost: string;
  cookieFault: CookieFault;
  /**
   * off: the cookie holds the bare session id; shared: the id signed with
   * SESSION_SECRET, the same on every replica; per-replica: signed with a
   * secret each process makes at boot (the deploy bug under test).
   */
  cookieSigning: "off" | "shared" | "per-replica";
  /** SESSION_SECRET; required for shared signing. */
  sessionSecret: string | undefined;
  /** Addresses whose X-Forwarded-Proto is believed ("loopback" or a comma list). */
  trustedProxies: string;
  loginMaxFailures: number;
  loginWindowMs: number;
  /** The audit's known holes (security/weaknesses.ts); empty in any real use. */
  weaken: ReadonlySet<Weakness>;
  seedUsers: number;
  exitOnStdinClose: boolean;
}

export interface HostPort {
  host: string;
  port: number;
}

export interface SentinelTarget {
  sentinels: HostPort[];
  /** REDIS_MASTER_NAME: the name the sentinels know the primary by. */
  name: string;
  /** REDIS_NAT_MAP: announced host:port=host:port to dial, comma-separated (each node's address as the sentinels give it → where this replica reaches it). */
  natMap: Record<string, HostPort>;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

function present(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback?: T): T {
  const value = present(env, name);
  if (value === undefined && fallback !== undefined) return fallback;
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name} must be one of ${allowed.join("|")}${got(value)}`);
}

function integer(env: Env, name: string, min: number, max: number, fallback?: number): number {
  const value = present(env, name);
  if (value === undefined && fallback !== undefined) return fallback;
  const n = value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  throw new ConfigError(`${name} must be an integer ${min}-${max}${got(value)}`);
}

function matching(env: Env, name: string, pattern: RegExp, describe: string, fallback?: string): string {
  const value = present(env, name) ?? fallback;
  if (value !== undefined && pattern.test(value)) return value;
  throw new ConfigError(`${name} must be ${describe}${got(present(env, name))}`);
}

function got(value: string | undefined): string {
  return value === undefined ? " (not set)" : ` (got ${JSON.stringify(value)})`;
}

const DAY_MS = 86_400_000;

const HOST_PORT = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/;

function hostPort(name: string, text: string): HostPort {
  const m = HOST_PORT.exec(text);
  if (!m?.[1] || !m[2]) throw new ConfigError(`${name} must hold host:port items${got(text)}`);
  return { host: m[1], port: Number(m[2]) };
}

/** REDIS_SENTINELS, REDIS_MASTER_NAME and REDIS_NAT_MAP, when the first is set. */
function sentinelTarget(env: Env): SentinelTarget | undefined {
  const list = present(env, "REDIS_SENTINELS");
  if (list === undefined) return undefined;
  if (present(env, "REDIS_URL") !== undefined) throw new ConfigError("REDIS_URL and REDIS_SENTINELS are both set: give one (the sentinels say where the primary is)");
  const natMap: Record<string, HostPort> = {};
  for (const pair of (present(env, "REDIS_NAT_MAP") ?? "").split(",").filter((x) => x !== "")) {
    const [from = "", to, ...rest] = pair.split("=");
    if (to === undefined || rest.length > 0) throw new ConfigError(`REDIS_NAT_MAP must hold announced=dialed pairs of host:port, comma-separated${got(pair)}`);
    hostPort("REDIS_NAT_MAP", from);
    natMap[from] = hostPort("REDIS_NAT_MAP", to);
  }
  return {
    sentinels: list.split(",").map((x) => hostPort("REDIS_SENTINELS", x.trim())),
    name: matching(env, "REDIS_MASTER_NAME", /^[A-Za-z0-9._-]{1,64}$/, "the sentinels' name for the primary, 1-64 [A-Za-z0-9._-] characters", "mymaster"),
    natMap,
  };
}

export function parseConfig(env: Env): AppConfig {
  const port = integer(env, "PORT", 0, 65_535);
  // Replica names end up in headers and metric labels: keep them token-safe.
  const replica = matching(env, "REPLICA", /^[A-Za-z0-9._-]{1,64}$/, "a name of 1-64 [A-Za-z0-9._-] characters, e.g. app-2");
  const host = matching(env, "HOST", /^[A-Za-z0-9.:[\]-]+$/, "a host name or IP address", "127.0.0.1");
  const store = oneOf(env, "SESSION_STORE", ["memory", "redis", "memcached"] as const, "memory");
  const redisSentinel = store === "redis" ? sentinelTarget(env) : undefined;
  const redisUrl =
    store === "redis" && redisSentinel === undefined
      ? matching(env, "REDIS_URL", /^rediss?:\/\/\S+$/, "a redis:// or rediss:// URL when SESSION_STORE=redis (or REDIS_SENTINELS)")
      : "";
  const readUrl = present(env, "REDIS_READ_URL");
  if (readUrl !== undefined && redisSentinel !== undefined) throw new ConfigError("REDIS_READ_URL cannot go with REDIS_SENTINELS: the sentinels say where the primary is, and reads go there");
  if (readUrl !== undefined && store !== "redis") throw new ConfigError(`REDIS_READ_URL needs SESSION_STORE=redis (got ${JSON.stringify(store)})`);
  const redisReadUrl = readUrl === undefined ? undefined : matching(env, "REDIS_READ_URL", /^rediss?:\/\/\S+$/, "a redis:// or rediss:// URL of a replica node");
  const memcachedServers =
    store === "memcached" ? matching(env, "MEMCACHED_SERVERS", /^[A-Za-z0-9.[\]:-]+:\d+(,[A-Za-z0-9.[\]:-]+:\d+)*$/, "a comma list of host:port when SESSION_STORE=memcached") : "";
  const commit = oneOf(env, "SESSION_COMMIT", COMMIT_POLICIES, "before-redirect");
  const locking = oneOf(env, "SESSION_LOCKING", ["on", "off"] as const, "off") === "on";
  // An in-process Map has no cross-replica lock to take; accepting "on" there
  // would make a run look protected when it is not.
  if (locking && store !== "redis") {
    throw new ConfigError("SESSION_LOCKING must be off unless SESSION_STORE=redis (allowed: on|off)");
  }
  const idleTtlMs = integer(env, "SESSION_IDLE_TTL_MS", 1, 30 * DAY_MS, 1_800_000);
  const absoluteTtlMs = integer(env, "SESSION_ABSOLUTE_TTL_MS", 1, 365 * DAY_MS, 28_800_000);
  const cookieSigning = oneOf(env, "COOKIE_SIGNING", ["off", "shared", "per-replica"] as const, "off");
  const sessionSecret = present(env, "SESSION_SECRET");
  if (cookieSigning === "shared" && sessionSecret === undefined) throw new ConfigError("COOKIE_SIGNING=shared needs SESSION_SECRET: the secret every replica signs with");
  return {
    port,
    host,
    replica,
    store,
    redisUrl,
    redisSentinel,
    redisWait: { replicas: integer(env, "REDIS_WAIT_REPLICAS", 0, 16, 0), timeoutMs: integer(env, "REDIS_WAIT_TIMEOUT_MS", 1, 60_000, 100) },
    redisReadUrl,
    memcachedServers,
    commit,
    locking,
    lockTtlMs: integer(env, "SESSION_LOCK_TTL_MS", 10, 60_000, 5_000),
    lockWaitMs: integer(env, "SESSION_LOCK_WAIT_MS", 0, 60_000, 2_000),
    idleTtlMs,
    absoluteTtlMs,
    cookieName: matching(env, "COOKIE_NAME", /^[A-Za-z0-9_-]{1,64}$/, "1-64 [A-Za-z0-9_-] characters", "sid"),
    cookieSecure: oneOf(env, "COOKIE_SECURE", ["auto", "on", "off"] as const, "auto"),
    siteHost: matching(env, "SITE_HOST", /^([a-z0-9-]+\.)*[a-z0-9-]*$/, "a lower-case hostname", ""),
    cookieFault: oneOf(env, "COOKIE_FAULT", COOKIE_FAULTS, "none"),
    cookieSigning,
    sessionSecret,
    trustedProxies: matching(env, "TRUSTED_PROXIES", /^[A-Za-z0-9.:,\s]*$/, '"loopback" or a comma list of addresses', ""),
    loginMaxFailures: integer(env, "LOGIN_MAX_FAILURES", 1, 1_000, 5),
    loginWindowMs: integer(env, "LOGIN_WINDOW_MS", 1, DAY_MS, 60_000),
    weaken: weaknesses(env),
    seedUsers: integer(env, "SEED_USERS", 1, 1_000_000, 100),
    exitOnStdinClose: oneOf(env, "EXIT_ON_STDIN_CLOSE", ["0", "1"] as const, "0") === "1",
  };
}

function weaknesses(env: Env): ReadonlySet<Weakness> {
  const out = new Set<Weakness>();
  for (const w of Object.keys(WEAKNESSES) as Weakness[]) {
    if (oneOf(env, weaknessVariable(w), ["0", "1"] as const, "0") === "1") out.add(w);
  }
  return out;
}
