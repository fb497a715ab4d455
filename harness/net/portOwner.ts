import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Socket inodes listening on `port` (any address), from /proc/net/tcp and tcp6. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the inode.
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === "0A" && f[9] !== undefined) inodes.add(f[9]);
    }
  }
  return inodes;
}

function socketInodes(pid: number): Set<string> {
  const out = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) out.add(m[1]);
    } catch {
      // Closed meanwhile.
    }
  }
  return out;
}

/** Pids in process group `pgid` (a part and what it started, e.g. nginx's workers). */
function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2] === String(pgid)) pids.push(Number(d));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "?";
  }
}

/**
 * Who listens on `port`: undefined when the process group `pgid` does (or
 * nothing does, or /proc cannot tell), else a phrase naming the other
 * process. A readiness check only proves that something answers on the port;
 * this proves it is the part that was started.
 */
export function foreignListener(port: number, pgid: number): string | undefined {
  const listening = listeningInodes(port);
  if (listening.size === 0) return undefined;
  for (const pid of groupMembers(pgid)) {
    for (const inode of socketInodes(pid)) if (listening.has(inode)) return undefined;
  }
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    for (const inode of socketInodes(Number(d))) if (listening.has(inode)) return `pid ${d} (${commandOf(Number(d))})`;
  }
  return "another process";
}
