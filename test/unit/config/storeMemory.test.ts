import { describe, expect, it } from "vitest";
import { parseMemorySize, resolveStoreMemory } from "../../../harness/config/storeMemory";
import { UsageError } from "../../../harness/errors/UsageError";
import { BallastFault } from "../../../harness/faults/BallastFault";
import { parseFaultSpec } from "../../../harness/config/FaultSpec";
import { FAULT_SCHEMAS, describeFault } from "../../../harness/faults/faults";

const redis = { store: "redis", redis: true, external: false };

describe("--store-maxmemory and --store-policy", () => {
  it("reads Redis's units", () => {
    expect(parseMemorySize("2mb")).toBe(2 * 1024 * 1024);
    expect(parseMemorySize("2MB")).toBe(2 * 1024 * 1024);
    expect(parseMemorySize("500k")).toBe(500_000);
    expect(parseMemorySize("1gb")).toBe(1024 ** 3);
    expect(parseMemorySize("2 mb x")).toBeUndefined();
    expect(parseMemorySize("1.5mb")).toBeUndefined();
    expect(parseMemorySize("2tb")).toBeUndefined();
  });

  it("defaults the policy to Redis's own and keeps the user's size text", () => {
    expect(resolveStoreMemory({ storeMaxmemory: "2mb" }, redis)).toEqual({ maxmemory: "2mb", maxmemoryBytes: 2097152, policy: "noeviction" });
    expect(resolveStoreMemory({ storeMaxmemory: "2mb", storePolicy: "allkeys-lru" }, redis)?.policy).toBe("allkeys-lru");
    expect(resolveStoreMemory({}, redis)).toBeUndefined();
  });

  it.each([
    [{ storeMaxmemory: "lots" }, redis, /--store-maxmemory "lots" is not allowed: use a Redis size from 100kb to 1gb/],
    [{ storeMaxmemory: "10kb" }, redis, /from 100kb to 1gb/],
    [{ storeMaxmemory: "2gb" }, redis, /from 100kb to 1gb/],
    [{ storeMaxmemory: "2mb", storePolicy: "lru" }, redis, /--store-policy "lru" is not allowed: use one of allkeys-lru, .*noeviction/],
    [{ storePolicy: "allkeys-lru" }, redis, /--store-policy needs --store-maxmemory/],
    [{ storeMaxmemory: "2mb" }, { store: "memory", redis: false, external: false }, /--store memory has no Redis/],
    [{ storePolicy: "noeviction" }, { store: "memory", redis: false, external: false }, /--store-policy .*has no Redis/],
    [{ storeMaxmemory: "2mb" }, { ...redis, external: true }, /--url has its own store/],
  ])("refuses %j with one line", (req, ctx, message) => {
    let err: unknown;
    try {
      resolveStoreMemory(req, ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("\n");
  });
});

describe("ballast", () => {
  const run = { schemas: FAULT_SCHEMAS, replicaNames: ["app-1", "app-2"], store: "redis", capabilities: ["app-links", "restart-node", "redis-write-node"] as const, durationMs: 10_000, external: false };
  const parse = (text: string, over: Partial<typeof run> = {}) => parseFaultSpec(text, { ...run, ...over, capabilities: [...(over.capabilities ?? run.capabilities)] });

  it("takes a rate, a size and a TTL, and says it may evict", () => {
    expect(parse("ballast=2000").params).toEqual({ ballast: 2000, size: 1024, ttl: 0 });
    expect(parse("ballast=500,size=4096,ttl=30s,at=2s,for=3s").params).toEqual({ ballast: 500, size: 4096, ttl: 30_000 });
    expect(BallastFault.schema.effect).toBe("may-evict");
    expect(describeFault(parse("ballast=2000"))).toBe("ballast: 2000 cache-like keys a second of 1024 bytes (no TTL) written to the store");
    expect(describeFault(parse("ballast=10,ttl=5s"))).toContain("(TTL 5 s)");
  });

  it.each([
    ["ballast", /needs a value, e.g. ballast=2000/],
    ["ballast=fast", /is not allowed: use a whole number, at least 1/],
    ["ballast=0", /a whole number, at least 1/],
    ["ballast=50000", /too fast/],
    ["ballast=100,size=100000", /too big/],
    ["ballast=20000,size=2000", /more than 20 MB a second/],
    ["ballast=10,target=app-1", /target/],
  ])("refuses %s", (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });

  it("needs a Redis store the harness started", () => {
    expect(() => parse("ballast=10", { capabilities: [] as never })).toThrow(/acts on the Redis node the app writes to.*use a Redis-backed store/);
    expect(() => parse("ballast=10", { external: true })).toThrow(/--url/);
  });
});
