import { type RunConfig } from "../config/RunConfig";
import { type FaultEvent } from "../faults/FaultEvent";
import { type Agreement, type CrossChecks } from "../history/crossChecks";
import { pct } from "./format";
import { type AppInfo, type RunMetrics } from "./RunResult";

/** Below this many samples a 0 rate says little; the report says so. */
export const SOLID_SAMPLE_COUNT = 2000;

/** The logout rate the store and balancing should give, when it can be known in advance. */
export function expectedLogoutRate(config: RunConfig, app: AppInfo): number | undefined {
  const { replicas, lb } = config.cluster;
  // A late write, an injected fault or a replica node read before replication delivered the write can log users out in ways no formula predicts.
  if (Object.values(app.knobs).some((k) => k.opensRace) || config.faults.length > 0 || app.store.replicaReads === true) return undefined;
  if (app.store.shared || replicas === 1) return 0;
  if (lb === "round-robin") return (replicas - 1) / replicas;
  // All load comes from one client address (k6 on loopback), so ip-hash pins it all to one replica.
  if (lb === "ip-hash") return 0;
  // least-conn favours the replica that just finished this client's previous
  // request, so it is stickier than round-robin by an amount that depends on load.
  return undefined;
}

function agreementNote(what: string, a: Agreement): string {
  const forks = a.forks ?? 0;
  const unexplained = a.compared - a.agreed - forks;
  const head = `${what} agrees with the harness on ${a.agreed} of ${a.compared}`;
  const forkText = forks > 0 ? `; ${forks} more are forks, where two writes produced the same version and the header cannot tell the states apart (the tokens can)` : "";
  return unexplained === 0 ? `${head}${forkText}.` : `${head}${forkText}; ${unexplained} disagree unexplained, e.g. ${a.examples[0] ?? "?"}.`;
}

/**
 * How far a run's numbers can be read. `numbersVoid`: nothing trustworthy was
 * measured (the run failed, or was interrupted before its load), so no note
 * weighs the sample. `harnessFailed`: the harness's own plumbing failed, so
 * no note reads the rates or the 5xx as the app's.
 */
export interface NoteScope {
  numbersVoid?: boolean;
  harnessFailed?: boolean;
}

/** Plain sentences explaining the numbers, shown first in every report. Pure. */
export function runNotes(
  config: RunConfig,
  app: AppInfo,
  m: RunMetrics,
  checks: CrossChecks,
  timeline: readonly FaultEvent[] = [],
  anomalies?: { total: number; recorded?: number },
  scope: NoteScope = {},
): string[] {
  const notes: string[] = [];
  const { replicas, lb } = config.cluster;
  const store = app.store;
  const total = Object.values(m.replicaResponses).reduce((a, b) => a + b, 0);
  const [topReplica, topCount] = Object.entries(m.replicaResponses).sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  const expected = expectedLogoutRate(config, app);

  if (config.cluster.url !== undefined) {
    notes.push(`The cluster at ${config.cluster.url} was started by someone else: the harness set none of its knobs, and takes its store to be ${store.name} (${store.description}) as --store said.`);
  }
  if (!store.shared && replicas > 1) {
    notes.push(`Each replica keeps its own sessions (store ${store.name}: ${store.description}): a request that reaches any replica but the one that created the session is answered as logged out.`);
  }
  if (store.shared) {
    const lookups = store.replicaReads === true ? "; the app looks sessions up on a replica node, which gets each write only once replication delivers it" : "";
    notes.push(`Sessions live in one store shared by every replica (store ${store.name}: ${store.description}): which replica answers does not matter${lookups}.`);
  }
  if (lb === "ip-hash" && total > 0) {
    notes.push(
      `All load came from one client address (127.0.0.1), so ip-hash sent ${pct(topCount / total)} of responses to ${topReplica}: sticky, but nothing was spread. Real clients behind one NAT or proxy look the same.`,
    );
  }
  if (lb === "cookie-hash" && !store.shared) {
    notes.push(
      "cookie-hash: a login carries no session cookie yet, so every login hashes to the same replica; the new session id then hashes anywhere, and per-node sessions are lost unless it happens to hash back.",
    );
  }
  if (expected !== undefined && m.logouts.total > 0 && !scope.harnessFailed) {
    const asExpected = expected === 0 ? m.logouts.hits === 0 : Math.abs(m.logouts.rate - expected) <= 0.07;
    notes.push(`Logout rate ${pct(m.logouts.rate)} over ${m.logouts.total} authenticated requests; expected ${pct(expected)}: ${asExpected ? "as expected" : "NOT as expected"}.`);
  }
  const { iterations } = config.load;
  if (iterations !== undefined && m.iterations !== undefined && m.iterations < iterations && !scope.numbersVoid) {
    notes.push(`--duration ${config.load.duration} ended the load after ${m.iterations} of the ${iterations} iterations asked for: every number covers those; give a longer --duration for the whole count.`);
  }
  // The evidence for "never happens" is the rate the run was built to measure.
  const [what, samples] = m.staleReads ? ["reads after writes", m.staleReads.total] : ["authenticated requests", m.logouts.total];
  if (samples < SOLID_SAMPLE_COUNT && !scope.numbersVoid) {
    notes.push(`Only ${samples} ${what}: fewer than ${SOLID_SAMPLE_COUNT}, so a rate near 0 is weak evidence; run longer (--duration), with more VUs, or a fixed count (--iterations).`);
  }
  const { writes, reads } = m.unresolved;
  if (writes > 0 || reads > 0) {
    notes.push(
      `The history cannot decide ${writes} acknowledged writes (no later read showed them or confirmed them gone) and ${reads} reads that missed a write with no served read after them: the session or the run ended first. They count as neither stale nor lost.`,
    );
  }
  if ((m.app.lockWaits ?? 0) > 0 || (m.app.lockFailures ?? 0) > 0) notes.push(lockingCost(m));
  if (m.serverErrors.hits > 0 && !scope.harnessFailed) notes.push(`${m.serverErrors.hits} requests were answered 5xx: the app failed closed, or a replica could not be reached.`);
  for (const e of timeline.filter((x) => x.event === "died")) notes.push(`${e.fault} at +${(e.offsetMs / 1000).toFixed(1)} s; see logs/${e.target}.log.`);
  if (m.loadSource === "history" && m.requests > 0) notes.push("k6 left no summary (it was killed): requests and timings come from the history (whole ms, the scenario's own time included).");
  if (anomalies?.recorded !== undefined && anomalies.recorded < anomalies.total) {
    notes.push(`anomalies.ndjson holds the first ${anomalies.recorded} of ${anomalies.total} anomalies; every count in this report covers all of them.`);
  }
  if (checks.replicaHeader) notes.push(agreementNote("The app's own replica header", checks.replicaHeader));
  if (checks.versionHeader) notes.push(agreementNote("On stale reads, the app's session-version header", checks.versionHeader));
  if (checks.lostUpdates) {
    const { overwritten, neverLanded } = checks.lostUpdates;
    notes.push(`Of the lost updates, the app's session-version header shows ${overwritten} overwritten by a later write and ${neverLanded} that never landed (its version was never reached).`);
  }
  return notes;
}

/** What the per-session lock cost, from the replicas' own counters (when the profile declares them) and the write timings. */
function lockingCost(m: RunMetrics): string {
  const waits = m.app.lockWaits ?? 0;
  const waited = m.app.lockWaitSeconds;
  const failures = m.app.lockFailures ?? 0;
  const write = m.flows.concurrent_write ?? m.flows.write;
  const parts: string[] = [];
  if (waits > 0) parts.push(`${waits} writes waited for the session lock${waited === undefined ? "" : `, ${((waited / waits) * 1000).toFixed(1)} ms each on average (${waited.toFixed(1)} s in all)`}`);
  if (failures > 0) parts.push(`${failures} gave up waiting`);
  if (write) parts.push(`write p95 ${write.p95.toFixed(1)} ms`);
  return `Locking cost: ${parts.join("; ")}. Compare with a run without locking for the difference.`;
}
