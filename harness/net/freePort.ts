import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * Listening ports are picked below the kernel's ephemeral range
 * (ip_local_port_range), from here up. A port the kernel hands out for port 0
 * is an ephemeral one: free again the moment we close it, and any outgoing
 * connection on the machine (k6's, Chromium's, nginx's to its upstreams) may
 * take it as its source port before our child binds it. Measured: a replica
 * failed with EADDRINUSE on such a port while browser tests ran beside it.
 * Below the range only another listener can take it.
 */
const LISTEN_FLOOR = 20_000;
const TRIES = 64;

/** The first port of the kernel's ephemeral range (32768 when it cannot be read). */
export function ephemeralFloor(read: () => string = () => readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")): number {
  try {
    const first = Number(read().trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > LISTEN_FLOOR + 1_000 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

function tryListen(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(undefined));
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      server.close(() => resolve(address && typeof address === "object" ? address.port : undefined));
    });
  });
}

/**
 * A free port on `host` for a part to listen on: a random one below the
 * ephemeral range that binds now, or (after TRIES taken ones) whatever the
 * kernel gives for port 0. A rival listener can still take it before our child
 * binds; the children's readiness checks turn that into a clear start error.
 */
export async function freePort(host = "127.0.0.1", random: () => number = Math.random): Promise<number> {
  const ceiling = ephemeralFloor();
  for (let i = 0; i < TRIES; i++) {
    const port = LISTEN_FLOOR + Math.floor(random() * (ceiling - LISTEN_FLOOR));
    const got = await tryListen(host, port);
    if (got !== undefined) return got;
  }
  const any = await tryListen(host, 0);
  if (any === undefined) throw new Error(`freePort: no free port on ${host}`);
  return any;
}

/** True when nothing accepts connections on host:port (used to prove a run released its ports). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
