import { readProc, type ReadText } from "../net/tcpCounters";

/** The machine's TCP sockets, summed: what runs out when connections churn. */
export interface SocketTable {
  /** Sockets in TIME_WAIT (state 06), IPv4 and IPv6. */
  timeWait: number;
  /** net.ipv4.ip_local_port_range: where connect() takes its local ports. */
  range: [number, number];
  rangeSize: number;
  /**
   * Ports of that range still free toward the loopback address:port that has
   * the most sockets from it. A connection needs a unique (local port, remote
   * address, remote port), so the busiest destination runs out first.
   */
  ephemeralLeft: number;
  toward?: string;
}

const LISTEN = "0A";
const TIME_WAIT = "06";

/** /proc/net/tcp's hex address (IPv4 as one little-endian word; IPv6 as four) → printable, and whether it is loopback. */
export function decodeAddress(hex: string): { host: string; loopback: boolean } {
  const v4 = (word: string): string => [6, 4, 2, 0].map((i) => parseInt(word.slice(i, i + 2), 16)).join(".");
  if (hex.length === 8) {
    const host = v4(hex);
    return { host, loopback: host.startsWith("127.") };
  }
  if (hex === "00000000000000000000000001000000") return { host: "[::1]", loopback: true };
  if (hex.startsWith("0000000000000000FFFF0000")) {
    const host = v4(hex.slice(24));
    return { host: `[::ffff:${host}]`, loopback: host.startsWith("127.") };
  }
  return { host: `[${hex}]`, loopback: false };
}

/** Counts one /proc/net/tcp{,6} text into `perDestination` (loopback destinations only) and returns its TIME_WAIT sockets. */
export function countSockets(text: string, range: readonly [number, number], perDestination: Map<string, number>): number {
  let timeWait = 0;
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const f = (lines[i] ?? "").trim().split(/\s+/);
    const [local, remote, st] = [f[1], f[2], f[3]];
    if (local === undefined || remote === undefined || st === undefined) continue;
    if (st === TIME_WAIT) timeWait++;
    if (st === LISTEN) continue;
    const localPort = parseInt(local.slice(local.indexOf(":") + 1), 16);
    if (localPort < range[0] || localPort > range[1]) continue;
    const [addr, port] = remote.split(":");
    const to = decodeAddress(addr ?? "");
    if (!to.loopback) continue;
    const key = `${to.host}:${parseInt(port ?? "0", 16)}`;
    perDestination.set(key, (perDestination.get(key) ?? 0) + 1);
  }
  return timeWait;
}

/**
 * Reads /proc/net/tcp and tcp6 once. It walks every socket, so the sampler
 * calls it every few seconds, not every sample. Undefined when the tables or
 * the port range cannot be read (not Linux).
 */
export function readSocketTable(read: ReadText = readProc): SocketTable | undefined {
  let range: [number, number];
  try {
    const [lo, hi] = read("/proc/sys/net/ipv4/ip_local_port_range").trim().split(/\s+/).map(Number);
    if (lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
    range = [lo, hi];
  } catch {
    return undefined;
  }
  const perDestination = new Map<string, number>();
  let timeWait = 0;
  let readAny = false;
  for (const path of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    try {
      timeWait += countSockets(read(path), range, perDestination);
      readAny = true;
    } catch {
      // No IPv6 on this machine: the IPv4 table alone.
    }
  }
  if (!readAny) return undefined;
  const [toward, most] = [...perDestination].sort((a, b) => b[1] - a[1])[0] ?? [undefined, 0];
  const rangeSize = range[1] - range[0] + 1;
  return { timeWait, range, rangeSize, ephemeralLeft: rangeSize - most, ...(toward === undefined ? {} : { toward }) };
}
