import { type PlumbingCause, type PlumbingFinding, type PlumbingSection, type PressureSummary } from "./PlumbingSection";

/** How to keep each harness or machine failure from happening again; the harness changes no sysctl itself. */
const AVOID: Partial<Record<PlumbingCause, string>> = {
  "conntrack-full":
    "wait about 120 s for closed connections' entries to expire (nf_conntrack_tcp_timeout_time_wait) before the next run, run fewer VUs, or keep connections alive (the harness keeps its own links open; see the connection rate below)",
  "kernel-dropped": "look for a packet filter rule on loopback (iptables -S, nft list ruleset) or a full connection-tracking table (nf_conntrack_count against nf_conntrack_max); the harness changes neither",
  "ports-exhausted": "wait about 60 s for TIME_WAIT sockets to expire before the next run, or run fewer VUs",
  "fd-limit": "raise the open-files limit (ulimit -n) of the shell that starts the harness, or run fewer VUs",
  "worker-connections": "run fewer VUs: the harness's nginx runs one worker",
  "harness-part": "see that part's log under logs/, then run again",
};

const FALLBACK_AVOID = "see the logs under logs/, then run again";

const isInstrument = (f: PlumbingFinding): boolean => f.blame === "harness" || f.blame === "machine";

/**
 * The first line's account: the most frequent cause among the instrument's
 * failures (not nginx's "no live upstreams", which follows from them), every
 * link it hit, then what it led to.
 */
function failureOf(findings: readonly PlumbingFinding[]): PlumbingSection["failure"] {
  const own = findings.filter(isInstrument);
  const causes = own.filter((f) => f.kind !== "no-live-upstreams");
  const byCause = new Map<string, PlumbingFinding[]>();
  for (const f of causes) byCause.set(f.cause, [...(byCause.get(f.cause) ?? []), f]);
  const total = (fs: readonly PlumbingFinding[]): number => fs.reduce((n, f) => n + f.count, 0);
  const group = [...byCause.values()].sort((a, b) => total(b) - total(a))[0] ?? own.slice(0, 1);
  const top = group[0];
  if (top === undefined) return undefined;
  const links = [...group].sort((a, b) => b.count - a.count).map((f) => `${f.count} × ${f.link}`);
  const after = total(own.filter((f) => f.kind === "no-live-upstreams" && f.cause === top.cause));
  const then = after > 0 && top.kind !== "no-live-upstreams" ? `; then ${after} requests found no live replica` : "";
  return { headline: `${top.why} (${links.join(", ")}${then})`, avoid: AVOID[top.cause] ?? FALLBACK_AVOID };
}

/**
 * The findings, the counters and the preflight → result.json's `plumbing`.
 * Any failure of the harness's own network or parts voids the app's numbers:
 * even a connect timeout that nginx retried elsewhere added a second to a
 * request and moved it to another replica, so latency and routing were the
 * instrument's. Unknown failures leave the verdict to the app's numbers and
 * say why they could not be placed. Pure.
 */
export function judgePlumbing(input: { findings: readonly PlumbingFinding[]; pressure?: PressureSummary; preflight: readonly string[]; requests: number; logs: readonly string[] }): PlumbingSection {
  const { pressure, requests } = input;
  const findings = [...input.findings];
  const failure = failureOf(findings);
  const unknown = findings.filter((f) => f.blame === "unknown");
  const unknownCount = unknown.reduce((n, f) => n + f.count, 0);
  return {
    ...(pressure ? { pressure } : {}),
    ...(pressure && requests > 0 ? { churn: { newConnectionsPerRequest: pressure.activeOpens / requests, activeOpens: pressure.activeOpens, requests } } : {}),
    preflight: [...input.preflight],
    findings,
    ...(failure ? { failure } : {}),
    ...(unknown[0] ? { unknown: `unknown: ${unknownCount} failed connections or parts could be the app's or the harness's; e.g. ${unknown[0].link}: ${unknown[0].why}` } : {}),
    logs: [...input.logs],
  };
}
