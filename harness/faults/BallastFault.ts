import { type Redis } from "ioredis";
import { nodeClient } from "../cluster/nodeClient";
import { type FaultParams } from "../config/FaultSchema";
import { type FaultSpec } from "../config/FaultSpec";
import { storePart } from "../plan/Plan";
import { type Fault, type FaultContext, type FaultOutcome, type FaultSchema } from "./Fault";
import { formatMs } from "./faultLabels";
import { numParam } from "./readParams";

/** One pipeline per tick: a few round trips a second cost the harness and Redis next to nothing. */
const TICK_MS = 50;
/** Beyond these the writer would load the machine more than the app it measures. */
const MAX_RATE = 20_000;
const MAX_SIZE = 64 * 1024;
const MAX_BYTES_PER_S = 20 * 1024 * 1024;
/** However long the window: enough to fill any maxmemory the flag allows many times over. */
export const MAX_BALLAST_KEYS = 2_000_000;

const describeTtl = (ttlMs: number): string => (ttlMs === 0 ? "no TTL" : `TTL ${formatMs(ttlMs)}`);

/**
 * `ballast=RATE[,size=BYTES][,ttl=…]`: other traffic filling the store, as a
 * cache sharing Redis with the sessions does. While its window lasts the
 * harness writes RATE keys a second (`ballast:<id>:<n>`, `size` bytes each,
 * with a TTL or without, so volatile-* and allkeys-* policies can be
 * compared) straight to the node the app writes to, not through a proxy:
 * a link fault must not slow the ballast. With `--store-maxmemory` the store
 * fills and either evicts (sessions among the keys, as the policy allows) or,
 * with noeviction, refuses writes.
 */
export class BallastFault implements Fault {
  static readonly schema: FaultSchema = {
    value: { type: "count", example: "ballast=2000" },
    keys: { size: { type: "count", default: 1024 }, ttl: { type: "duration-or-zero", default: 0 } },
    target: "none",
    lasts: true,
    needs: "redis-write-node",
    effect: "may-evict",
    // It needs the node's own address, which only a backend that started it knows.
    controlsParts: true,
    check: (p: FaultParams) => {
      const [rate, size] = [Number(p.ballast), Number(p.size)];
      if (rate > MAX_RATE) return `ballast=${rate} is too fast: use at most ${MAX_RATE} keys a second`;
      if (size > MAX_SIZE) return `size=${size} is too big: use at most ${MAX_SIZE} bytes a key`;
      if (rate * size > MAX_BYTES_PER_S) return `ballast=${rate},size=${size} writes more than 20 MB a second: lower the rate or the size`;
      return undefined;
    },
  };

  static describe(spec: FaultSpec): string {
    const [rate, size, ttl] = [numParam(spec, "ballast"), numParam(spec, "size"), numParam(spec, "ttl")];
    return `ballast: ${rate} cache-like keys a second of ${size} bytes (${describeTtl(ttl)}) written to the store`;
  }

  private redis: Redis | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private written = 0;
  private refused = 0;
  private lastError: string | undefined;

  constructor(
    private readonly spec: FaultSpec,
    private readonly id: string,
  ) {}

  start(ctx: FaultContext): Promise<FaultOutcome | undefined> {
    const node = storePart(ctx.cluster.plan);
    const redis = nodeClient(ctx.cluster, node?.name, { enableOfflineQueue: true });
    if (node === undefined || redis === undefined) throw new Error("ballast: this run's store has no Redis node the harness started");
    this.redis = redis;
    const value = "b".repeat(numParam(this.spec, "size"));
    const ttl = numParam(this.spec, "ttl");
    const perTick = (numParam(this.spec, "ballast") * TICK_MS) / 1000;
    let owed = 0;
    const tick = async (redis: Redis): Promise<void> => {
      owed += perTick;
      const n = Math.min(Math.floor(owed), MAX_BALLAST_KEYS - this.written);
      owed -= n;
      if (n > 0) {
        const pipeline = redis.pipeline();
        for (let i = 0; i < n; i++) {
          const key = `ballast:${this.id}:${this.written + i}`;
          if (ttl > 0) pipeline.set(key, value, "PX", ttl);
          else pipeline.set(key, value);
        }
        this.written += n;
        const results = await pipeline.exec().catch((e: unknown) => [[e as Error, null] as [Error, null]]);
        for (const [error] of results ?? []) {
          if (error) [this.refused, this.lastError] = [this.refused + 1, error.message];
        }
      }
      if (!this.stopped && this.written < MAX_BALLAST_KEYS) this.timer = setTimeout(() => void tick(redis), TICK_MS);
    };
    void tick(this.redis);
    return Promise.resolve({ detail: `writing to ${node.name} at ${redis.options.host ?? "?"}:${redis.options.port ?? "?"}` });
  }

  stop(): Promise<FaultOutcome | undefined> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.redis?.disconnect();
    const refused = this.refused === 0 ? "" : `, ${this.refused} refused (${this.lastError ?? "error"})`;
    return Promise.resolve({ detail: `${this.written} ballast keys written${refused}` });
  }
}
