import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { cacheDir } from "../tools/cacheDir";
import { PortAllocator, type PortLease } from "./PortAllocator";
import { LockFileClaims } from "./PortClaims";

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

/** The first port of the kernel's ephemeral range (32768 when it cannot be read). */
export function ephemeralFloor(read: () => string = () => readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")): number {
  try {
    const first = Number(read().trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > LISTEN_FLOOR + 1_000 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

/** True when `port` can be bound on `host` now (the probe is closed again at once). */
export function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Where harnesses claim ports machine-wide. */
export const portClaimsDir = (): string => join(cacheDir(), "ports");

let allocator: PortAllocator | undefined;

/** The harness process's one allocator: every port a part listens on comes from here. */
export function portAllocator(): PortAllocator {
  if (!allocator) {
    const made = new PortAllocator({ claims: new LockFileClaims(portClaimsDir()), canBind, range: () => [LISTEN_FLOOR, ephemeralFloor()] });
    // Claims of a harness that exits are dropped (a SIGKILLed one's are ignored as dead).
    process.once("exit", () => made.releaseAll());
    allocator = made;
  }
  return allocator;
}

/** A group of ports released together (a cluster's, a k6's). */
export const portLease = (): PortLease => portAllocator().lease();

/** A port held until this process exits: for one-off listeners and tests. */
export const freePort = (host = "127.0.0.1"): Promise<number> => portAllocator().claim(host);

/** True when nothing accepts connections on host:port (used to prove a run released its ports). */
export const isPortFree = (port: number, host = "127.0.0.1"): Promise<boolean> => canBind(host, port);
