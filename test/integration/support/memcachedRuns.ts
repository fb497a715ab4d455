// What the memcached tests read from a run: which users held a session across
// a fault, and which of them the history shows logged out.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type FinishedRun } from "../../../harness/run/runScenario";

/** One of the run's ndjson files (history, anomalies), parsed. */
function ndjson<T>(runDir: string, file: string): T[] {
  return readFileSync(join(runDir, file), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as T);
}

/** Sessions that logged in, each with when the login was answered. */
function logins(ops: readonly Op[]): Map<string, number> {
  const at = new Map<string, number>();
  for (const o of ops) if (o.op === "login" && o.outcome === "ok") at.set(o.s, o.t1);
  return at;
}

const loggedOut = (runDir: string): Set<string> => new Set(ndjson<{ kind: string; session: string }>(runDir, "anomalies.ndjson").filter((a) => a.kind === "logout").map((a) => a.session));

interface Op {
  s: string;
  op: string;
  t0: number;
  t1: number;
  outcome: string;
}

/**
 * Of the sessions logged in before the restart that made a request after the
 * node answered again, how many were logged out, read from the history (the
 * harness's own record, not the report's arithmetic).
 */
export function sessionsAcross(run: FinishedRun): { alive: number; lost: number; lostMadeAfter: number } {
  const end = run.result.faults.find((f) => f.kind === "restart-node" && f.event === "end")?.t ?? NaN;
  const ops = ndjson<Op>(run.runDir, "history.ndjson");
  const loggedIn = logins(ops);
  // Logged in before the node answered again (a container's SIGKILL takes a while to land), and still at it afterwards.
  const across = new Set(ops.filter((o) => o.t0 > end && (loggedIn.get(o.s) ?? Infinity) < end).map((o) => o.s));
  // Whose login began once the node answered again: written to a node already wiped.
  const madeAfter = new Set(ops.filter((o) => o.op === "login" && o.t0 > end).map((o) => o.s));
  const lost = loggedOut(run.runDir);
  return { alive: across.size, lost: [...lost].filter((s) => across.has(s)).length, lostMadeAfter: [...lost].filter((s) => madeAfter.has(s)).length };
}

// Long sessions (100 views 30 ms apart), so nearly every user is mid-session across the restart, however long it takes.
export const RESTART = { scenario: "login-loop", store: "memcached", duration: "10s", vus: 32, views: 100, think: "30ms", faults: ["restart-node,target=memcached-1,at=4s"] } as const;

export function expectHalfLost(run: FinishedRun, label: string): void {
  const { result } = run;
  expect(result.status, result.error).toBe("completed");
  const restart = result.faults.find((f) => f.kind === "restart-node" && f.event === "start");
  const across = sessionsAcross(run);
  console.log(`${label}: ${restart?.detail ?? "?"}; sessions across the restart ${across.lost} of ${across.alive} logged out (${across.lostMadeAfter} made after it); causes ${JSON.stringify(result.anomalies.byCause)}`);
  expect(restart?.effect).toBe("wipes-store-node");
  expect(restart?.detail).toMatch(/^memcached-1 answered again after .*, with no keys of the \d+ it held \(of \d+ on the store's 2 nodes\)$/);
  // Every logout is the restart's, and only sessions that were alive across it were lost.
  expect(result.metrics.logouts.hits).toBeGreaterThan(0);
  expect(result.anomalies.byCause["store node restart lost the session"]).toBe(result.anomalies.byKind.logout);
  expect(across.lostMadeAfter).toBe(0);
  // The sessions on memcached-1, about half (memjs hashes random ids evenly over two nodes).
  // With 20 or more sessions across it, a fair coin leaves this band less than once in 2,000 runs.
  expect(across.alive).toBeGreaterThanOrEqual(20);
  expect(across.lost / across.alive).toBeGreaterThan(0.1);
  expect(across.lost / across.alive).toBeLessThan(0.9);
  // Most fall after the restart's window, or inside it: the node may answer for a few ms before the harness's poll sees it back.
  expect(result.anomalies.explanations.find((e) => e.includes("logout"))).toMatch(/attributed to store node restart lost the session; \d+\.\d% (after|while) store node memcached-1 killed/);
}

/**
 * Sessions made before the list changed and still in use once every replica
 * had the new list, and those made after the last restart, with how many of
 * each were logged out. (Once the first replica is back, nginx may not send it
 * anything for its fail_timeout, 1 s: measured, a whole interval of requests
 * went to the replicas still on the old list.)
 */
export function rolloutSessions(run: FinishedRun): { across: number; lostAcross: number; after: number; lostAfter: number } {
  const ends = run.result.faults.filter((f) => f.kind === "restart" && f.event === "end").map((f) => f.t);
  const changed = run.result.faults[0]?.t ?? NaN;
  const last = Math.max(...ends);
  const ops = ndjson<Op>(run.runDir, "history.ndjson");
  const loggedIn = logins(ops);
  const across = new Set(ops.filter((o) => o.t0 > last && (loggedIn.get(o.s) ?? Infinity) < changed).map((o) => o.s));
  const after = new Set([...loggedIn].filter(([, t]) => t > last).map(([s]) => s));
  const lost = loggedOut(run.runDir);
  return { across: across.size, lostAcross: [...across].filter((x) => lost.has(x)).length, after: after.size, lostAfter: [...after].filter((x) => lost.has(x)).length };
}

// Sessions long enough (100 views 60 ms apart, ~8 s) to span the whole rollout, from before the change to after the last restart.
export const ROLLOUT = { scenario: "login-loop", store: "memcached", duration: "16s", vus: 32, views: 100, think: "60ms" } as const;

export function expectRehashed(run: FinishedRun, kind: string, label: string): void {
  const { result } = run;
  expect(result.status, result.error).toBe("completed");
  const s = rolloutSessions(run);
  console.log(`${label}: sessions across the rollout ${s.lostAcross} of ${s.across} logged out; made after it ${s.lostAfter} of ${s.after}; causes ${JSON.stringify(result.anomalies.byCause)}`);
  // The change first, then the three restarts (on Docker, slower than the interval, they overlap).
  expect(result.faults[0]).toMatchObject({ kind, event: "start" });
  expect(result.faults.slice(1).map((f) => `${f.kind}:${f.event}:${f.target}`).sort()).toEqual(
    ["app-1", "app-2", "app-3"].flatMap((r) => [`restart:end:${r}`, `restart:start:${r}`]).sort(),
  );
  expect(result.faults[0]?.effect).toBe("rehashes");
  expect(result.metrics.logouts.hits).toBeGreaterThan(0);
  expect(result.anomalies.byCause["server list changed: looked up on another node"]).toBe(result.anomalies.byKind.logout);
  expect(s.lostAcross).toBeGreaterThan(0);
  // Once every replica has the new list, a new session is found wherever it is read.
  expect(s.after).toBeGreaterThan(0);
  expect(s.lostAfter).toBe(0);
}
