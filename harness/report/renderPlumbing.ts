import { type PlumbingFinding, type PlumbingSection } from "../plumbing/PlumbingSection";
import { int, pct } from "./format";

const BLAME_TEXT: Record<PlumbingFinding["blame"], string> = {
  harness: "the harness",
  machine: "the machine",
  fault: "the injected fault",
  app: "the app",
  unknown: "unknown",
};

const sentence = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}${s.endsWith(".") ? "" : "."}`;

/**
 * What "What happened" says first about the plumbing: that a harness failure
 * voided the app's verdict (when it did: an interrupted run keeps its own),
 * what could not be placed, and the preflight's warnings.
 */
export function plumbingNotes(p: PlumbingSection | undefined, harnessFailed: boolean): string[] {
  if (p === undefined) return [];
  return [
    ...(harnessFailed ? ["No gate was judged: the rates below are what the harness's own failure did to the requests, not the app's behaviour."] : []),
    ...(p.unknown === undefined ? [] : [sentence(p.unknown)]),
    ...p.preflight.map((w) => `Before the load: ${w}.`),
  ];
}

function pressure(p: PlumbingSection): string[] {
  const pr = p.pressure;
  const out: string[] = [];
  if (p.churn) {
    const c = p.churn;
    out.push(`New TCP connections per request (machine-wide): ${c.newConnectionsPerRequest.toFixed(3)} (${int(c.activeOpens)} opened while ${int(c.requests)} requests ran).`);
  }
  if (pr?.conntrack) {
    const ct = pr.conntrack;
    out.push(`Connection tracking: peak ${int(ct.peak)} of ${int(ct.max)} entries (${pct(ct.max > 0 ? ct.peak / ct.max : 0)}); ${int(ct.drops)} packets dropped, ${int(ct.insertFailed)} inserts failed.`);
  }
  if (pr?.listenDrops !== undefined) out.push(`SYNs dropped by full listen queues: ${int(pr.listenDrops)}; connects that failed: ${int(pr.attemptFails)}.`);
  if (pr?.timeWaitPeak !== undefined) out.push(`Sockets in TIME_WAIT, at most: ${int(pr.timeWaitPeak)}.`);
  if (pr?.ephemeral) {
    const e = pr.ephemeral;
    out.push(`Ephemeral ports left toward the busiest loopback address${e.toward === undefined ? "" : ` (${e.toward})`}: at least ${int(e.minLeft)} of ${int(e.rangeSize)}.`);
  }
  return out;
}

/** report.md's "Plumbing": the machine's counters over the load, then every failed connection or part, with whom it is blamed on and why. */
export function renderPlumbing(p: PlumbingSection | undefined): string[] {
  if (p === undefined) return [];
  const facts = pressure(p);
  const findings = p.findings.map((f) => `- ${int(f.count)} × ${f.kind} (${f.source}), ${f.link}: **${BLAME_TEXT[f.blame]}**: ${f.why}. E.g. \`${f.example.replace(/`/g, "'")}\``);
  const read = p.logs.length > 0 ? p.logs.join(", ") : "no log";
  return [
    "## Plumbing",
    "",
    "The harness's own network and parts (its nginx, k6, Toxiproxy, Redis) and the machine under them. The counters are machine-wide: whatever else ran counted too.",
    "",
    ...(facts.length > 0 ? [...facts.map((f) => `- ${f}`), ""] : []),
    ...(findings.length > 0 ? [`Failed connections and parts (from ${read} and the fault timeline):`, "", ...findings, ""] : [`No failed connection in ${read}.`, ""]),
  ];
}
