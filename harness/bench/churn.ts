/**
 * New TCP connections per request at full speed: the harness's own links
 * must not churn (every new loopback connection is a connection-tracking
 * entry for 120 s once the Docker engine is loaded). Tcp ActiveOpens from
 * /proc/net/snmp over each run, divided by its requests: machine-wide, so run
 * it on a quiet machine.
 */
import { join } from "node:path";
import { readTcpCounters } from "../net/tcpCounters";
import { loadProfile, type LoadedProfile } from "../profile/loadProfile";
import { buildRunConfig, type RunRequest } from "../run/buildRunConfig";
import { runScenario } from "../run/runScenario";
import { projectRoot } from "../tools/projectRoot";

/** The bench's FastCGI app: PHP pages that only touch the session. */
export const FAST_PHP_PROFILE = join(projectRoot(), "test", "fixtures", "apps", "fast-php", "profile.ts");

export interface ChurnPoint {
  label: string;
  requests: number;
  newConnections: number;
  perRequest: number;
  requestsPerSecond: number;
  serverErrors: number;
  verdict: string;
  runId: string;
}

/** The same profile as loaded, but not telling its FastCGI workers: nginx then opens a connection per request. */
export function withoutKeptConnections(loaded: LoadedProfile): LoadedProfile {
  const { replica } = loaded.profile;
  if (!replica.fastcgi) return loaded;
  const { workers: _dropped, ...fastcgi } = replica.fastcgi;
  return { ...loaded, profile: { ...loaded.profile, replica: { ...replica, fastcgi } } };
}

export async function churnRun(label: string, req: RunRequest, profile: LoadedProfile, reportsDir: string, signal: AbortSignal): Promise<ChurnPoint> {
  const before = readTcpCounters();
  const { result } = await runScenario(buildRunConfig(req, profile), { reportsDir, profile, signal, log: () => {} });
  const after = readTcpCounters();
  const requests = result.metrics.requests;
  const newConnections = before && after ? after.activeOpens - before.activeOpens : Number.NaN;
  return {
    label,
    requests,
    newConnections,
    perRequest: newConnections / Math.max(requests, 1),
    requestsPerSecond: result.metrics.requestsPerSecond,
    serverErrors: result.metrics.serverErrors.hits,
    verdict: result.verdict,
    runId: result.runId,
  };
}

/** The bench's churn lines: the fast FastCGI app with and without kept connections, and the sample app over HTTP. */
export async function churn(reportsDir: string, signal: AbortSignal, duration: string): Promise<ChurnPoint[]> {
  const fast = await loadProfile(FAST_PHP_PROFILE);
  const sample = await loadProfile();
  const load = { scenario: "login-loop", vus: 16, duration };
  return [
    await churnRun("fast FastCGI app, kept connections", load, fast, reportsDir, signal),
    await churnRun("fast FastCGI app, a connection per request", load, withoutKeptConnections(fast), reportsDir, signal),
    await churnRun("sample app (HTTP), redis", { ...load, store: "redis" }, sample, reportsDir, signal),
  ];
}

export const churnLine = (p: ChurnPoint): string =>
  `${p.perRequest.toFixed(3)} new TCP connections/request (${p.newConnections} over ${p.requests} requests, ${p.requestsPerSecond.toFixed(0)} req/s, ${p.serverErrors} server errors, ${p.verdict})`;
