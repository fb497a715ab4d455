import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../sample-app/config";

const base = { PORT: "8081", REPLICA: "app-2" };

function errorOf(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("reads each weakness from its own variable", () => {
    expect([...parseConfig({ ...base, WEAKEN_NO_CSRF: "1", WEAKEN_SHORT_ID: "1", WEAKEN_FAIL_OPEN: "0" }).weaken].sort()).toEqual(["no-csrf", "short-id"]);
  });

  it("applies the documented defaults", () => {
    expect(parseConfig(base)).toEqual({
      port: 8081,
      host: "127.0.0.1",
      replica: "app-2",
      store: "memory",
      redisUrl: "",
      redisSentinel: undefined,
      redisWait: { replicas: 0, timeoutMs: 100 },
      memcachedServers: "",
      commit: "before-redirect",
      locking: false,
      lockTtlMs: 5000,
      lockWaitMs: 2000,
      idleTtlMs: 1_800_000,
      absoluteTtlMs: 28_800_000,
      cookieName: "sid",
      cookieSecure: "auto",
      siteHost: "",
      cookieFault: "none",
      cookieSigning: "off",
      sessionSecret: undefined,
      trustedProxies: "",
      loginMaxFailures: 5,
      loginWindowMs: 60_000,
      weaken: new Set(),
      seedUsers: 100,
      exitOnStdinClose: false,
    });
  });

  it("signs cookies only when asked, and a shared secret must be given", () => {
    expect(parseConfig(base)).toMatchObject({ cookieSigning: "off", sessionSecret: undefined });
    expect(parseConfig({ ...base, COOKIE_SIGNING: "per-replica" }).cookieSigning).toBe("per-replica");
    expect(parseConfig({ ...base, COOKIE_SIGNING: "shared", SESSION_SECRET: "s" })).toMatchObject({ cookieSigning: "shared", sessionSecret: "s" });
    expect(errorOf({ ...base, COOKIE_SIGNING: "shared" })).toMatch(/^COOKIE_SIGNING=shared needs SESSION_SECRET/);
  });

  it("finds the primary through REDIS_SENTINELS, dialing what REDIS_NAT_MAP maps each announced address to", () => {
    const sentinel = { ...base, SESSION_STORE: "redis", REDIS_SENTINELS: "127.0.0.1:7001,127.0.0.1:7002", REDIS_MASTER_NAME: "sessions", REDIS_NAT_MAP: "127.0.0.1:7101=127.0.0.1:7201,127.0.0.1:7102=127.0.0.1:7202" };
    expect(parseConfig(sentinel).redisSentinel).toEqual({
      sentinels: [
        { host: "127.0.0.1", port: 7001 },
        { host: "127.0.0.1", port: 7002 },
      ],
      name: "sessions",
      natMap: { "127.0.0.1:7101": { host: "127.0.0.1", port: 7201 }, "127.0.0.1:7102": { host: "127.0.0.1", port: 7202 } },
    });
    expect(parseConfig(sentinel).redisUrl).toBe("");
    expect(errorOf({ ...sentinel, REDIS_URL: "redis://127.0.0.1:6400" })).toMatch(/^REDIS_URL and REDIS_SENTINELS are both set/);
    expect(errorOf({ ...sentinel, REDIS_SENTINELS: "127.0.0.1" })).toMatch(/^REDIS_SENTINELS must hold host:port items \(got "127.0.0.1"\)/);
    expect(errorOf({ ...sentinel, REDIS_NAT_MAP: "127.0.0.1:7101" })).toMatch(/^REDIS_NAT_MAP must hold announced=dialed pairs of host:port, comma-separated \(got "127.0.0.1:7101"\)/);
    expect(errorOf({ ...sentinel, REDIS_READ_URL: "redis://127.0.0.1:6401" })).toMatch(/^REDIS_READ_URL cannot go with REDIS_SENTINELS/);
  });

  it("WAITs for replicas after a write only when REDIS_WAIT_REPLICAS asks", () => {
    expect(parseConfig({ ...base, REDIS_WAIT_REPLICAS: "1" }).redisWait).toEqual({ replicas: 1, timeoutMs: 100 });
    expect(parseConfig({ ...base, REDIS_WAIT_REPLICAS: "2", REDIS_WAIT_TIMEOUT_MS: "250" }).redisWait).toEqual({ replicas: 2, timeoutMs: 250 });
    expect(errorOf({ ...base, REDIS_WAIT_REPLICAS: "-1" })).toMatch(/^REDIS_WAIT_REPLICAS must be an integer 0-16/);
  });

  it("reads sessions from a replica node when REDIS_READ_URL is set, and only with Redis", () => {
    const redis = { ...base, SESSION_STORE: "redis", REDIS_URL: "redis://127.0.0.1:6400" };
    expect(parseConfig({ ...redis, REDIS_READ_URL: "redis://127.0.0.1:6401" }).redisReadUrl).toBe("redis://127.0.0.1:6401");
    expect(parseConfig(redis).redisReadUrl).toBeUndefined();
    expect(() => parseConfig({ ...redis, REDIS_READ_URL: "127.0.0.1:6401" })).toThrow(/^REDIS_READ_URL must be a redis:\/\/ or rediss:\/\/ URL of a replica node/);
    expect(() => parseConfig({ ...base, REDIS_READ_URL: "redis://127.0.0.1:6401" })).toThrow(/REDIS_READ_URL needs SESSION_STORE=redis/);
  });

  it("reads every knob", () => {
    const config = parseConfig({
      ...base,
      HOST: "0.0.0.0",
      SESSION_STORE: "redis",
      REDIS_URL: "redis://127.0.0.1:6400",
      SESSION_COMMIT: "after-response",
      SESSION_LOCKING: "on",
      SESSION_IDLE_TTL_MS: "1000",
      SESSION_ABSOLUTE_TTL_MS: "5000",
      COOKIE_NAME: "JSESSIONID",
      COOKIE_SECURE: "on",
      SEED_USERS: "3",
      EXIT_ON_STDIN_CLOSE: "1",
    });
    expect(config).toMatchObject({
      host: "0.0.0.0",
      store: "redis",
      redisUrl: "redis://127.0.0.1:6400",
      commit: "after-response",
      locking: true,
      idleTtlMs: 1000,
      absoluteTtlMs: 5000,
      cookieName: "JSESSIONID",
      cookieSecure: "on",
      seedUsers: 3,
      exitOnStdinClose: true,
    });
  });

  it.each([
    [{ REPLICA: "a" }, /^PORT must be an integer 0-65535 \(not set\)$/],
    [{ ...base, PORT: "80x" }, /^PORT .*\(got "80x"\)/],
    [{ ...base, PORT: "70000" }, /^PORT /],
    [{ PORT: "1" }, /^REPLICA must be/],
    [{ ...base, SESSION_STORE: "dynamodb" }, /^SESSION_STORE must be one of memory\|redis\|memcached \(got "dynamodb"\)$/],
    [{ ...base, SESSION_STORE: "memcached" }, /^MEMCACHED_SERVERS must be a comma list of host:port when SESSION_STORE=memcached \(not set\)$/],
    [{ ...base, SESSION_STORE: "memcached", MEMCACHED_SERVERS: "127.0.0.1" }, /^MEMCACHED_SERVERS must be a comma list of host:port .* \(got "127.0.0.1"\)$/],
    [{ ...base, SESSION_STORE: "redis" }, /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ ...base, SESSION_STORE: "redis", REDIS_URL: "http://x" }, /^REDIS_URL /],
    [{ ...base, SESSION_COMMIT: "later" }, /^SESSION_COMMIT must be one of before-redirect\|after-response/],
    [{ ...base, SESSION_LOCKING: "yes" }, /^SESSION_LOCKING must be one of on\|off/],
    [{ ...base, SESSION_LOCKING: "on" }, /^SESSION_LOCKING must be off unless SESSION_STORE=redis/],
    [{ ...base, SESSION_IDLE_TTL_MS: "0" }, /^SESSION_IDLE_TTL_MS must be an integer 1-/],
    [{ ...base, SESSION_ABSOLUTE_TTL_MS: "-5" }, /^SESSION_ABSOLUTE_TTL_MS /],
    [{ ...base, COOKIE_NAME: "a b" }, /^COOKIE_NAME /],
    [{ ...base, COOKIE_SECURE: "true" }, /^COOKIE_SECURE must be one of auto\|on\|off/],
    [{ ...base, WEAKEN_NO_ROTATION: "yes" }, /^WEAKEN_NO_ROTATION must be one of 0\|1/],
    [{ ...base, SEED_USERS: "0" }, /^SEED_USERS /],
    [{ ...base, EXIT_ON_STDIN_CLOSE: "yes" }, /^EXIT_ON_STDIN_CLOSE must be one of 0\|1/],
  ])("rejects %j with one line naming the variable", (env, message) => {
    const text = errorOf(env);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });
});
