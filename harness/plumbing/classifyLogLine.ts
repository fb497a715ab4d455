import { type FaultEvent } from "../faults/FaultEvent";
import { type PlumbingEvent, type PlumbingKind } from "./PlumbingSection";

/**
 * Recorded log lines → what failed on which connection. Pure, one line at a
 * time, so a log of 70,000 "no live upstreams" lines is read in bounded
 * memory. A line that is not about the harness's plumbing (a 404 for a
 * missing file, a read timeout on a slow page is the app's, see below) gives
 * undefined. Who is to blame is decided later (blameEvent), from evidence no
 * single line has.
 */

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[0-9.]+|[A-Za-z0-9.-]+):\d+$/;

const hostPort = (s: string | undefined): string | undefined => (s !== undefined && HOST_PORT.test(s) ? s : undefined);

/** nginx's own time stamp: local time, whole seconds. */
function nginxTime(line: string): number | undefined {
  const m = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) /.exec(line);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

/** errno in nginx's "(110: Connection timed out)" → kind, for failures while connecting. */
const NGINX_CONNECT: readonly [RegExp, PlumbingKind][] = [
  [/\(110: Connection timed out\)/, "connect-timeout"],
  [/\(111: Connection refused\)/, "connect-refused"],
  [/\(113: (No route to host|Host is unreachable)\)/, "no-route"],
];

/** Resource limits say what ran out whatever nginx was doing at the time. */
const NGINX_LIMITS: readonly [RegExp, PlumbingKind][] = [
  [/worker_connections are not enough/, "worker-connections"],
  [/\((24|23): Too many open files/, "fd-limit"],
  [/\(99: Cannot assign requested address\)/, "ports-exhausted"],
];

function nginxKind(line: string): PlumbingKind | undefined {
  for (const [re, kind] of NGINX_LIMITS) if (re.test(line)) return kind;
  if (line.includes("no live upstreams while connecting to upstream")) return "no-live-upstreams";
  // "upstream server temporarily disabled while connecting to upstream" carries no errno:
  // it is nginx marking a replica down after one of the failures matched here.
  if (line.includes("while connecting to upstream")) return NGINX_CONNECT.find(([re]) => re.test(line))?.[1];
  // Connected, then the replica's side failed: what the app did with a connection the network delivered.
  if (/while (reading|sending)[a-z ]* (to|from) upstream/.test(line) && /prematurely closed|\((104|110|32): /.test(line)) return "upstream-failed";
  return undefined;
}

/** A line of nginx's error log (`logs/nginx-error.log`). */
export function classifyNginxLine(line: string): PlumbingEvent | undefined {
  const kind = nginxKind(line);
  if (kind === undefined) return undefined;
  const to = /connect\(\) to (\S+) failed/.exec(line)?.[1] ?? /upstream: "[a-z]+:\/\/([^/"]+)/.exec(line)?.[1];
  const t = nginxTime(line);
  const peer = hostPort(to);
  return { source: "nginx", kind, ...(t === undefined ? {} : { t }), ...(peer === undefined ? {} : { peer }), line: line.trim() };
}

/**
 * Go's dial errors, as k6 and Toxiproxy print them. k6 drops the address
 * from its own dial timeout ("dial: i/o timeout"), so the URL's host is
 * the fallback.
 */
export function goDialError(text: string): { kind: PlumbingKind; peer?: string } | undefined {
  const kind: PlumbingKind | undefined = /too many open files/i.test(text)
    ? "fd-limit"
    : /connect: cannot assign requested address/.test(text)
      ? "ports-exhausted"
      : /connect: connection refused/.test(text)
        ? "connect-refused"
        : /connect: (no route to host|host is unreachable)/.test(text)
          ? "no-route"
          : /dial( tcp \S+)?: i\/o timeout/.test(text)
            ? "connect-timeout"
            : undefined;
  if (kind === undefined) return undefined;
  const peer = hostPort(/dial tcp (\S+?): /.exec(text)?.[1] ?? /"https?:\/\/([^/"]+)/.exec(text)?.[1]);
  return peer === undefined ? { kind } : { kind, peer };
}

/** A JSON log record's fields, or undefined for a line that is not one. */
function jsonRecord(line: string): Record<string, unknown> | undefined {
  if (!line.trimStart().startsWith("{")) return undefined;
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function goEvent(source: "k6" | "toxiproxy", line: string, text: string, time: unknown): PlumbingEvent | undefined {
  const dial = goDialError(text);
  if (dial === undefined) return undefined;
  const t = typeof time === "string" ? Date.parse(time) : Number.NaN;
  return { source, ...dial, ...(Number.isFinite(t) ? { t } : {}), line: line.trim() };
}

/**
 * A line of k6's own log (`k6.log`, `--log-format json`): a request that
 * failed before any answer. A request timeout is not one (nginx took the
 * connection; what was slow is behind it), nor is k6's own API failing.
 */
export function classifyK6Line(line: string): PlumbingEvent | undefined {
  const r = jsonRecord(line);
  if (r === undefined) return line.includes("Request Failed") ? goEvent("k6", line, line, undefined) : undefined;
  if (r.msg !== "Request Failed" || typeof r.error !== "string") return undefined;
  return goEvent("k6", line, r.error, r.time);
}

/** A line of Toxiproxy's log: its dial to Redis or its accept from a replica failed. */
export function classifyToxiproxyLine(line: string): PlumbingEvent | undefined {
  const r = jsonRecord(line);
  const level = r?.level;
  if (r !== undefined && level !== "error" && level !== "warn" && level !== "warning") return undefined;
  const text = (v: unknown): string => (typeof v === "string" ? v : "");
  return goEvent("toxiproxy", line, r === undefined ? line : `${text(r.error)} ${text(r.message ?? r.msg)}`, r?.time);
}

/**
 * A line of the run's fault timeline: a fault the scheduler could not apply
 * or undo (for toxics, Toxiproxy's API failed), or a part the watchdog saw
 * exit on its own.
 */
export function classifyFaultEvent(e: FaultEvent): PlumbingEvent | undefined {
  if (e.event === "error") return { source: "faults", kind: "fault-failed", t: e.t, target: e.target, faultKind: e.kind, line: e.detail ?? e.fault };
  if (e.event === "died") return { source: "watchdog", kind: "part-died", t: e.t, target: e.target, line: e.fault };
  return undefined;
}
