import { type RunConfig } from "../config/RunConfig";
import { pct } from "./format";
import { type RunMetrics } from "./RunResult";

/** Below this many samples a 0 rate says little; the report says so. */
export const SOLID_SAMPLE_COUNT = 2000;


/** The logout rate per-node sessions should show under `lb`, when it can be known in advance. */
export function expectedLogoutRate(config: RunConfig): number | undefined {
  const { store, replicas, lb, commit } = config.cluster;
  // A late write or an injected fault can log users out in ways no formula predicts.
  if (commit === "after-response" || config.faults.length > 0) return undefined;
  if (store === "redis" || replicas === 1) return 0;
  if (lb === "round-robin") return (replicas - 1) / replicas;
  // least-conn favours the replica that just finished this client's previous
  // request, so it is stickier than round-robin by an amount that depends on load.
  // All load comes from one client address (k6 on loopback), so ip-hash pins it all to one replica.
  if (lb === "ip-hash") return 0;
  return undefined;
}

/** Plain sentences explaining the numbers, shown first in every report. Pure. */
export function runNotes(config: RunConfig, m: RunMetrics): string[] {
  const notes: string[] = [];
  const { store, replicas, lb } = config.cluster;
  const total = Object.values(m.replicaResponses).reduce((a, b) => a + b, 0);
  const [topReplica, topCount] = Object.entries(m.replicaResponses).sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  const expected = expectedLogoutRate(config);

  if (store === "memory" && replicas > 1) {
    notes.push(
      `Each replica keeps its own sessions (store=memory): a request that reaches any replica but the one that created the session is answered as logged out.`,
    );
  }
  if (store === "redis") notes.push("Sessions live in one Redis shared by every replica: which replica answers does not matter.");
  if (lb === "ip-hash" && total > 0) {
    notes.push(
      `All load came from one client address (127.0.0.1), so ip-hash sent ${pct(topCount / total)} of responses to ${topReplica}: sticky, but nothing was spread. Real clients behind one NAT or proxy look the same.`,
    );
  }
  if (lb === "cookie-hash" && store === "memory") {
    notes.push(
      "cookie-hash: a login carries no session cookie yet, so every login hashes to the same replica; the new session id then hashes anywhere, and per-node sessions are lost unless it happens to hash back.",
    );
  }
  if (expected !== undefined && m.logouts.total > 0) {
    const asExpected = expected === 0 ? m.logouts.hits === 0 : Math.abs(m.logouts.rate - expected) <= 0.07;
    const verdict = asExpected ? "as expected" : "NOT as expected";
    notes.push(`Logout rate ${pct(m.logouts.rate)} over ${m.logouts.total} authenticated requests; expected ${pct(expected)}: ${verdict}.`);
  }
  // The evidence for "never happens" is the rate the run was built to measure.
  const [what, samples] = m.staleReads ? ["reads after writes", m.staleReads.total] : ["authenticated requests", m.logouts.total];
  if (samples < SOLID_SAMPLE_COUNT) {
    notes.push(
      `Only ${samples} ${what}: fewer than ${SOLID_SAMPLE_COUNT}, so a rate near 0 is weak evidence; run longer (--duration) or with more VUs.`,
    );
  }
  if (config.cluster.locking) notes.push(lockingCost(m));
  if (m.storeErrors.hits > 0) notes.push(`${m.storeErrors.hits} requests failed closed with 503 because the session store was unreachable.`);
  return notes;
}

/** What the per-session lock cost, from the replicas' own counters and the write timings. */
function lockingCost(m: RunMetrics): string {
  const waits = m.app.session_lock_waits_total ?? 0;
  const waited = m.app.session_lock_wait_seconds_sum ?? 0;
  const failures = m.app.session_lock_failures_total ?? 0;
  const write = m.flows.concurrent_write ?? m.flows.write;
  const parts = [
    waits > 0
      ? `${waits} writes waited for the session lock, ${((waited / waits) * 1000).toFixed(1)} ms each on average (${waited.toFixed(1)} s in all)`
      : "no write had to wait for the session lock",
  ];
  if (failures > 0) parts.push(`${failures} gave up waiting and answered 503`);
  if (write) parts.push(`write p95 ${write.p95.toFixed(1)} ms`);
  return `Locking cost: ${parts.join("; ")}. Compare with a run without --locking for the difference.`;
}
