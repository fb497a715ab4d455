/**
 * The sampler, the socket tables and the preflight on /proc files recorded on
 * this project's machine (test/fixtures/plumbing/proc-*), with the counters
 * moved the way a run moves them; a fake clock and timer, so nothing waits.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ReadText } from "../../../harness/net/tcpCounters";
import { PressureSampler } from "../../../harness/plumbing/PressureSampler";
import { preflightWarnings, readPreflight } from "../../../harness/plumbing/preflightWarnings";
import { countSockets, decodeAddress, readSocketTable } from "../../../harness/plumbing/socketTable";
import { projectRoot } from "../../../harness/tools/projectRoot";

const recorded = (name: string): string => readFileSync(join(projectRoot(), "test", "fixtures", "plumbing", name), "utf8");

/** Sets one named field of a `Table:` pair of lines (/proc/net/snmp, /proc/net/netstat). */
function setField(text: string, table: string, field: string, value: number): string {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith(`${table}:`) && l.split(/\s+/).includes(field));
  const names = (lines[at] ?? "").split(/\s+/);
  const values = (lines[at + 1] ?? "").split(/\s+/);
  values[names.indexOf(field)] = String(value);
  lines[at + 1] = values.join(" ");
  return lines.join("\n");
}

/** Sets one column of the first CPU's row of /proc/net/stat/nf_conntrack (hexadecimal). */
function setConntrack(text: string, column: string, value: number): string {
  const [header = "", first = "", ...rest] = text.trim().split("\n");
  const cells = first.trim().split(/\s+/);
  cells[header.trim().split(/\s+/).indexOf(column)] = value.toString(16).padStart(8, "0");
  return [header, cells.join(" "), ...rest].join("\n");
}

interface Machine {
  activeOpens: number;
  listenDrops: number;
  count: number;
  drops: number;
  tcp?: string;
}

function proc(m: Machine): ReadText {
  const files: Record<string, string> = {
    "/proc/net/snmp": setField(recorded("proc-net-snmp"), "Tcp", "ActiveOpens", m.activeOpens),
    "/proc/net/netstat": setField(recorded("proc-net-netstat"), "TcpExt", "ListenDrops", m.listenDrops),
    "/proc/net/stat/nf_conntrack": setConntrack(recorded("proc-net-stat-nf_conntrack"), "drop", m.drops),
    "/proc/sys/net/netfilter/nf_conntrack_count": `${m.count}\n`,
    "/proc/sys/net/netfilter/nf_conntrack_max": "262144\n",
    "/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait": "120\n",
    "/proc/sys/net/ipv4/ip_local_port_range": "32768\t60999\n",
    "/proc/net/tcp": m.tcp ?? recorded("proc-net-tcp"),
    "/proc/net/tcp6": recorded("proc-net-tcp6"),
  };
  return (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT ${path}`);
    return text;
  };
}

describe("socket tables", () => {
  it("decodes /proc/net/tcp's addresses, IPv4, IPv6 and IPv4-mapped", () => {
    expect(decodeAddress("0100007F")).toEqual({ host: "127.0.0.1", loopback: true });
    expect(decodeAddress("00000000000000000000000001000000")).toEqual({ host: "[::1]", loopback: true });
    expect(decodeAddress("0000000000000000FFFF00000100007F")).toEqual({ host: "[::ffff:127.0.0.1]", loopback: true });
    expect(decodeAddress("0A00000A").loopback).toBe(false);
  });

  it("counts TIME_WAIT, and ephemeral ports per loopback destination, listeners and server sides left out", () => {
    const per = new Map<string, number>();
    expect(countSockets(recorded("proc-net-tcp"), [32768, 60999], per)).toBe(3);
    expect(countSockets(recorded("proc-net-tcp6"), [32768, 60999], per)).toBe(0);
    expect(Object.fromEntries(per)).toEqual({ "127.0.0.1:25620": 3, "[::1]:25630": 1 });
    const t = readSocketTable(proc({ activeOpens: 0, listenDrops: 0, count: 0, drops: 0 }));
    expect(t).toEqual({ timeWait: 3, range: [32768, 60999], rangeSize: 28232, ephemeralLeft: 28229, toward: "127.0.0.1:25620" });
  });

  it("is undefined where /proc has no tables", () => {
    expect(readSocketTable(() => { throw new Error("ENOENT"); })).toBeUndefined();
  });
});

describe("PressureSampler", () => {
  it("keeps first, last and peaks: opens, listen drops and conntrack drops over the load, the table's peak", () => {
    const machine: Machine = { activeOpens: 1000, listenDrops: 2, count: 500, drops: 0 };
    let now = 0;
    let tick: () => void = () => undefined;
    let stopped = false;
    const sampler = new PressureSampler({
      read: (path) => proc(machine)(path),
      now: () => now,
      every: (ms, t) => {
        expect(ms).toBe(1000);
        tick = t;
        return () => (stopped = true);
      },
    });
    sampler.start();
    for (const [opens, count, drops] of [[3000, 90_000, 0], [9000, 262_144, 40], [12_000, 200_000, 111]] as const) {
      now += 1000;
      Object.assign(machine, { activeOpens: opens, count, drops });
      tick();
    }
    machine.listenDrops = 2;
    const summary = sampler.stop();
    expect(stopped).toBe(true);
    expect(summary).toEqual({
      samples: 5,
      activeOpens: 11_000,
      attemptFails: 0,
      listenDrops: 0,
      conntrack: { peak: 262_144, max: 262144, drops: 111, insertFailed: 0 },
      timeWaitPeak: 3,
      ephemeral: { minLeft: 28229, rangeSize: 28232, toward: "127.0.0.1:25620" },
    });
    // Idempotent: a second stop takes no new sample.
    expect(sampler.stop()).toEqual(summary);
  });

  it("walks the socket tables only every scanEveryMs, and always at the start and the end", () => {
    let scans = 0;
    let now = 0;
    const read = (path: string): string => {
      if (path === "/proc/net/tcp") scans++;
      return proc({ activeOpens: 1, listenDrops: 0, count: 1, drops: 0 })(path);
    };
    let tick: () => void = () => undefined;
    const sampler = new PressureSampler({ read, now: () => now, scanEveryMs: 5000, every: (_ms, t) => ((tick = t), () => undefined) });
    sampler.start();
    for (let i = 0; i < 12; i++) {
      now += 1000;
      tick();
    }
    sampler.stop();
    // start, +5 s, +10 s, stop.
    expect(scans).toBe(4);
  });

  it("where /proc cannot be read it has nothing to say, and never throws", () => {
    const sampler = new PressureSampler({ read: () => { throw new Error("ENOENT"); }, every: () => () => undefined });
    sampler.start();
    expect(sampler.stop()).toBeUndefined();
  });
});

describe("preflight", () => {
  it("says nothing on a quiet machine", () => {
    expect(preflightWarnings(readPreflight(proc({ activeOpens: 1, listenDrops: 0, count: 4, drops: 0 })))).toEqual([]);
  });

  it("warns when the conntrack table is over half full, saying to wait for its entries, fewer VUs or kept connections", () => {
    const [w, ...rest] = preflightWarnings(readPreflight(proc({ activeOpens: 1, listenDrops: 0, count: 200_000, drops: 0 })));
    expect(rest).toEqual([]);
    expect(w).toMatch(/^the kernel's connection-tracking table is already 76% full \(200000 of 262144 entries\).*wait about 120 s .*fewer VUs, or keep connections alive/);
  });

  it("warns when few ephemeral ports are left toward one address, and when TIME_WAIT is heavy", () => {
    const header = recorded("proc-net-tcp").split("\n")[0] ?? "";
    const line = (i: number): string => `${i}: 0100007F:${(32768 + i).toString(16).toUpperCase()} 0100007F:6414 06 00000000:00000000 03:00000CC1 00000000     0        0 0 3 0000000000000000`;
    const tcp = [header, ...Array.from({ length: 25_000 }, (_, i) => line(i))].join("\n");
    const warnings = preflightWarnings(readPreflight(proc({ activeOpens: 1, listenDrops: 0, count: 4, drops: 0, tcp })));
    expect(warnings).toEqual([
      "only 3232 of 28232 ephemeral ports are left toward 127.0.0.1:25620: wait about 60 s for TIME_WAIT sockets to expire, or run fewer VUs",
      "25000 sockets are in TIME_WAIT, against an ephemeral range of 28232 ports: wait about 60 s for them to expire, or run fewer VUs",
    ]);
  });
});
