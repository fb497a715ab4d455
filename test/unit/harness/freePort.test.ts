import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { ephemeralFloor, freePort, isPortFree } from "../../../harness/net/freePort";

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

  it("skips a port someone listens on", async () => {
    const taken = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: taken }, resolve));
    try {
      const floor = ephemeralFloor();
      const first = (taken - 20_000 + 0.5) / (floor - 20_000);
      let calls = 0;
      // The first pick is the taken port, then another.
      const port = await freePort("127.0.0.1", () => (calls++ === 0 ? first : 0.5));
      expect(port).not.toBe(taken);
      expect(calls).toBe(2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
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
