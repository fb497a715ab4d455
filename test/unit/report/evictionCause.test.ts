import { describe, expect, it } from "vitest";
import { attribute, type AttributableAnomaly, type AttributionContext } from "../../../harness/report/attributeAnomalies";
import { type EvictionSample } from "../../../harness/report/evictions";

const memory = { maxmemory: "2mb", maxmemoryBytes: 2097152, policy: "allkeys-lru" as const };
const sample = (t: number, evicted: number, refused = 0): EvictionSample => ({ t, evicted, refused, usedBytes: 2_000_000 });
// Evictions between 1,000 and 1,100 only; refusals between 3,000 and 3,100.
const samples = [sample(0, 0), sample(1000, 0), sample(1100, 40), sample(2000, 40), sample(3000, 40), sample(3100, 40, 7), sample(5000, 40, 7)];
const ctx = (over: Partial<AttributionContext> = {}): AttributionContext => ({ storeShared: true, faults: [], eviction: { memory, samples }, ...over });

const logout = (t: number, over: Partial<AttributableAnomaly> = {}): AttributableAnomaly => ({
  kind: "logout",
  t,
  status: 302,
  createdBy: "app-1",
  readBy: "app-2",
  writtenBy: null,
  staleKind: undefined,
  cameBack: false,
  state: "anonymous",
  sinceLoginMs: 200,
  ...over,
} as AttributableAnomaly);

describe("eviction attribution", () => {
  it("blames a logout on evictions while the session lived, in the user's words", () => {
    expect(attribute(logout(1150), ctx())).toEqual({
      cause: "store evicted the session",
      why: "the store evicted sessions to make room: maxmemory 2mb, allkeys-lru, 40 keys evicted during the load",
    });
  });

  it("does not blame evictions that happened before the session was written", () => {
    expect(attribute(logout(2600, { sinceLoginMs: 100 }), ctx()).cause).toBe("unknown");
  });

  it("does not blame evictions for a session that came back", () => {
    expect(attribute(logout(1150, { cameBack: true }), ctx()).cause).toBe("read before write landed");
  });

  it("does not blame evictions without a memory limit, or with no eviction at all", () => {
    expect(attribute(logout(1150), ctx({ eviction: undefined })).cause).toBe("unknown");
    expect(attribute(logout(1150), ctx({ eviction: { memory, samples: [sample(0, 3), sample(5000, 3)] } })).cause).toBe("unknown");
  });

  it("says unknown, and why, when a filled store's evictions could not be read", () => {
    const filling = { label: "ballast", kind: "ballast", target: "all", start: 0, end: Infinity, effect: "may-evict" as const };
    expect(attribute(logout(1150), ctx({ eviction: { memory, samples: [] }, faults: [filling] }))).toEqual({
      cause: "unknown",
      why: "the store (maxmemory 2mb, allkeys-lru) was being filled, but its evictions could not be read",
    });
  });

  it("puts server errors down to a full store only while it refused commands", () => {
    const error = (t: number): AttributableAnomaly => ({ ...logout(t), kind: "server-error", status: 503, state: "error" });
    const full = { memory: { ...memory, policy: "noeviction" as const }, samples };
    expect(attribute(error(3050), ctx({ eviction: full }))).toEqual({ cause: "store full, writes refused", why: "maxmemory 2mb, noeviction: 7 commands refused as out of memory during the load" });
    expect(attribute(error(500), ctx({ eviction: full })).cause).toBe("store error");
    expect(attribute(error(3050), ctx({ eviction: undefined })).cause).toBe("store error");
  });
});
