import { readFileSync } from "node:fs";

/**
 * The machine's TCP and connection-tracking counters, read from /proc. They
 * are machine-wide: a run's share is the difference between two readings,
 * so anything else on the machine counts too (the report says so).
 */
export interface TcpCounters {
  /** Tcp ActiveOpens from /proc/net/snmp: connections this machine opened (connect() that sent a SYN). */
  activeOpens: number;
  /** Tcp AttemptFails: connects that failed (refused, timed out, reset in SYN-SENT). */
  attemptFails: number;
  /**
   * TcpExt ListenDrops from /proc/net/netstat: SYNs a listening socket dropped
   * because its queue was full. A live listener that never answers a SYN shows
   * here; absent when the file cannot be read.
   */
  listenDrops?: number;
  /** nf_conntrack_count / nf_conntrack_max; absent when connection tracking is not loaded. */
  conntrack?: { count: number; max: number; drops: number; insertFailed: number };
}

export type ReadText = (path: string) => string;

/** Reads a /proc file as text; the default of every reader here. */
export const readProc: ReadText = (path) => readFileSync(path, "utf8");

/**
 * One named field of a table of /proc/net/snmp or /proc/net/netstat (`Tcp:`,
 * `TcpExt:`: a header line, then a values line).
 */
export function snmpField(snmp: string, field: string, table = "Tcp"): number | undefined {
  const lines = snmp.split("\n").filter((l) => l.startsWith(`${table}:`));
  const [names, values] = [lines[0]?.split(/\s+/), lines[1]?.split(/\s+/)];
  const i = names?.indexOf(field) ?? -1;
  if (i < 0 || values?.[i] === undefined) return undefined;
  const n = Number(values[i]);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Sums one column of /proc/net/stat/nf_conntrack over its per-CPU rows
 * (hexadecimal, one row per CPU after a header that names the columns).
 */
export function conntrackStat(stat: string, column: string): number | undefined {
  const [header, ...rows] = stat.trim().split("\n");
  const i = header?.trim().split(/\s+/).indexOf(column) ?? -1;
  if (i < 0) return undefined;
  let sum = 0;
  for (const row of rows) sum += parseInt(row.trim().split(/\s+/)[i] ?? "0", 16) || 0;
  return sum;
}

function conntrack(read: ReadText): TcpCounters["conntrack"] {
  try {
    const count = Number(read("/proc/sys/net/netfilter/nf_conntrack_count").trim());
    const max = Number(read("/proc/sys/net/netfilter/nf_conntrack_max").trim());
    let stat = "";
    try {
      stat = read("/proc/net/stat/nf_conntrack");
    } catch {
      // Counters unreadable: the table's fill still tells pressure.
    }
    return { count, max, drops: conntrackStat(stat, "drop") ?? 0, insertFailed: conntrackStat(stat, "insert_failed") ?? 0 };
  } catch {
    return undefined;
  }
}

function netstatField(read: ReadText, field: string): number | undefined {
  try {
    return snmpField(read("/proc/net/netstat"), field, "TcpExt");
  } catch {
    return undefined;
  }
}

/** Reads the counters now; undefined when /proc/net/snmp cannot be read (not Linux). */
export function readTcpCounters(read: ReadText = readProc): TcpCounters | undefined {
  let snmp: string;
  try {
    snmp = read("/proc/net/snmp");
  } catch {
    return undefined;
  }
  const activeOpens = snmpField(snmp, "ActiveOpens");
  if (activeOpens === undefined) return undefined;
  const ct = conntrack(read);
  const listenDrops = netstatField(read, "ListenDrops");
  return { activeOpens, attemptFails: snmpField(snmp, "AttemptFails") ?? 0, ...(listenDrops === undefined ? {} : { listenDrops }), ...(ct ? { conntrack: ct } : {}) };
}
