import { readTcpCounters, readProc, type ReadText, type TcpCounters } from "../net/tcpCounters";
import { readSocketTable, type SocketTable } from "./socketTable";

/** What the machine looks like before the load starts. */
export interface PreflightReading {
  counters?: TcpCounters;
  sockets?: SocketTable;
  /** nf_conntrack_tcp_timeout_time_wait: how long a closed connection's entry stays in the table. */
  conntrackTimeWaitSec?: number;
}

/**
 * Where a run starts too close to a limit. A conntrack table half full
 * leaves a run at a few thousand new connections a second about a minute;
 * a quarter of the ephemeral range toward one address goes as fast.
 */
export const PREFLIGHT_LIMITS = { conntrackShare: 0.5, ephemeralShareLeft: 0.25, timeWaitShare: 0.5 } as const;

/** Linux's default for nf_conntrack_tcp_timeout_time_wait. */
const CONNTRACK_TIME_WAIT_SEC = 120;
/** A TIME_WAIT socket lives 60 s on Linux (TCP_TIMEWAIT_LEN, not tunable). */
const TIME_WAIT_SEC = 60;

export function readPreflight(read: ReadText = readProc): PreflightReading {
  let conntrackTimeWaitSec: number | undefined;
  try {
    conntrackTimeWaitSec = Number(read("/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait").trim()) || undefined;
  } catch {
    // Connection tracking not loaded: nothing to wait for.
  }
  const counters = readTcpCounters(read);
  const sockets = readSocketTable(read);
  return { ...(counters ? { counters } : {}), ...(sockets ? { sockets } : {}), ...(conntrackTimeWaitSec ? { conntrackTimeWaitSec } : {}) };
}

const share = (x: number): string => `${(100 * x).toFixed(0)}%`;

/**
 * One sentence per limit the machine is already near, each saying how to get
 * away from it. The harness changes no sysctl and no packet filter: the user
 * decides, knowing why.
 */
export function preflightWarnings(r: PreflightReading): string[] {
  const out: string[] = [];
  const ct = r.counters?.conntrack;
  if (ct && ct.max > 0 && ct.count / ct.max > PREFLIGHT_LIMITS.conntrackShare) {
    out.push(
      `the kernel's connection-tracking table is already ${share(ct.count / ct.max)} full (${ct.count} of ${ct.max} entries), so a run that opens connections fast may have its SYNs dropped: ` +
        `wait about ${r.conntrackTimeWaitSec ?? CONNTRACK_TIME_WAIT_SEC} s for closed connections' entries to expire, run fewer VUs, or keep connections alive (the harness keeps its own links open)`,
    );
  }
  const s = r.sockets;
  if (s && s.ephemeralLeft < s.rangeSize * PREFLIGHT_LIMITS.ephemeralShareLeft) {
    out.push(`only ${s.ephemeralLeft} of ${s.rangeSize} ephemeral ports are left toward ${s.toward ?? "one loopback address"}: wait about ${TIME_WAIT_SEC} s for TIME_WAIT sockets to expire, or run fewer VUs`);
  }
  if (s && s.timeWait > s.rangeSize * PREFLIGHT_LIMITS.timeWaitShare) {
    out.push(`${s.timeWait} sockets are in TIME_WAIT, against an ephemeral range of ${s.rangeSize} ports: wait about ${TIME_WAIT_SEC} s for them to expire, or run fewer VUs`);
  }
  return out;
}
