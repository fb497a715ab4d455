import { mkdtempSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canBind, ephemeralFloor, freePort, isPortFree } from "../../../harness/net/freePort";
import { PortAllocator } from "../../../harness/net/PortAllocator";
import { type ClaimOwner, LockFileClaims, pruneDeadClaims } from "../../../harness/net/PortClaims";

/** Every port binds: the claims alone decide. */
const bindable = (): Promise<boolean> => Promise.resolve(true);

const claimsDir = (): string => mkdtempSync(join(tmpdir(), "port-claims-"));

/** A cycle of picks: the allocator's random source, made predictable. */
function picks(floor: number, ceiling: number, ports: number[]): () => number {
  let i = 0;
  return () => (ports[i++ % ports.length]! - floor + 0.5) / (ceiling - floor);
}

describe("freePort", () => {
  it("picks a port below the kernel's ephemeral range, where no outgoing connection can take it", async () => {
    const floor = ephemeralFloor();
    for (let i = 0; i < 20; i++) {
      const port = await freePort();
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(floor);
      expect(await isPortFree(port)).toBe(true);
    }
  });

  it("reads the ephemeral range, and falls back to Linux's default", () => {
    expect(ephemeralFloor(() => "40000\t60999\n")).toBe(40_000);
    expect(ephemeralFloor(() => "garbage")).toBe(32_768);
    expect(ephemeralFloor(() => {
      throw new Error("no /proc");
    })).toBe(32_768);
  });
});

describe("PortAllocator", () => {
  it("never hands out one port twice while it is held, even to claims made side by side", async () => {
    // Ten ports only, 10 claims at once: each must get a different one.
    const alloc = new PortAllocator({ claims: new LockFileClaims(claimsDir()), canBind: bindable, range: () => [30_000, 30_010] });
    const got = await Promise.all(Array.from({ length: 10 }, () => alloc.claim()));
    expect(new Set(got).size).toBe(10);
    await expect(alloc.claim()).rejects.toThrow(/no free port on 127.0.0.1 in 30000..30009/);
    alloc.release(got[3]!);
    expect(await alloc.claim()).toBe(got[3]);
  });

  it("two harnesses on one machine (two allocators, one claims folder) never share a port", async () => {
    const dir = claimsDir();
    const owners: ClaimOwner[] = [{ pid: 101, startTime: "1" }, { pid: 202, startTime: "2" }];
    const alive = (o: ClaimOwner): boolean => owners.some((x) => x.pid === o.pid);
    const [a, b] = owners.map((o) => new PortAllocator({ claims: new LockFileClaims(dir, o, alive), canBind: bindable, range: () => [30_000, 30_020] }));
    const fromA = await Promise.all(Array.from({ length: 10 }, () => a!.claim()));
    const fromB = await Promise.all(Array.from({ length: 10 }, () => b!.claim()));
    expect(new Set([...fromA, ...fromB]).size).toBe(20);
    // Once A lets go, B may have them.
    a!.releaseAll();
    await expect(b!.claim()).resolves.toBeGreaterThanOrEqual(30_000);
  });

  it("takes over the claims of a harness that died without releasing them", async () => {
    const dir = claimsDir();
    const dead: ClaimOwner = { pid: 999_999, startTime: "7" };
    const alive = (o: ClaimOwner): boolean => o.pid !== dead.pid;
    const crashed = new PortAllocator({ claims: new LockFileClaims(dir, dead, () => true), canBind: bindable, range: () => [30_000, 30_001] });
    expect(await crashed.claim()).toBe(30_000);
    const next = new PortAllocator({ claims: new LockFileClaims(dir, { pid: 1, startTime: "1" }, alive), canBind: bindable, range: () => [30_000, 30_001] });
    expect(await next.claim()).toBe(30_000);
  });

  it("skips a port another program listens on", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
    const taken = (server.address() as { port: number }).port;
    try {
      const other = taken + 1;
      const alloc = new PortAllocator({
        claims: new LockFileClaims(claimsDir()),
        canBind,
        range: () => [taken, taken + 2],
        random: picks(taken, taken + 2, [taken, other]),
      });
      expect(await alloc.claim()).toBe(other);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("a lease releases exactly its own ports", async () => {
    const alloc = new PortAllocator({ claims: new LockFileClaims(claimsDir()), canBind: bindable, range: () => [30_000, 30_100] });
    const keep = await alloc.claim();
    const lease = alloc.lease();
    await lease.claim();
    await lease.claim();
    expect(alloc.heldCount).toBe(3);
    lease.releaseAll();
    expect(alloc.heldCount).toBe(1);
    alloc.release(keep);
    expect(alloc.heldCount).toBe(0);
  });
});

describe("pruneDeadClaims", () => {
  it("removes only the claims of harnesses that are gone", async () => {
    const dir = claimsDir();
    const live: ClaimOwner = { pid: 1, startTime: "1" };
    const dead: ClaimOwner = { pid: 2, startTime: "2" };
    const alive = (o: ClaimOwner): boolean => o.pid === live.pid;
    const mk = (o: ClaimOwner): PortAllocator => new PortAllocator({ claims: new LockFileClaims(dir, o, () => true), canBind: bindable, range: () => [30_000, 30_050] });
    const [kept] = [await mk(live).claim()];
    const deadAlloc = mk(dead);
    await deadAlloc.claim();
    await deadAlloc.claim();
    expect(pruneDeadClaims(dir, alive)).toBe(2);
    expect(readdirSync(dir)).toEqual([String(kept)]);
  });
});
