import { REPLICA_HEADER } from "../cluster/nginxConfig";
import { type GateSpec } from "../config/GateSpec";
import { isBrowserScenario, type RunConfig } from "../config/RunConfig";
import { type K6Threshold } from "../../scenarios/lib/parseScenarioEnv";
import { worstFaultDelayMs } from "../faults/faults";
import { type AppProfile } from "../profile/AppProfile";
import { ELSEWHERE_HOST, LOGIN_HOST, SITE_HOST } from "../profile/placeholders";
import { type ScenarioContract } from "../../scenarios/lib/ScenarioContract";

/** What a scenario knows of the app: its session contract, and which headers it may read (the nginx one always). */
export function scenarioContract(profile: AppProfile): ScenarioContract {
  const { session: s, capabilities: c } = profile;
  return {
    cookieName: s.cookieName,
    users: s.users,
    login: s.login,
    anonymous: s.anonymous,
    protectedPage: s.protectedPage,
    write: s.write,
    read: s.read,
    logout: s.logout,
    headers: {
      replica: REPLICA_HEADER,
      ...(c.replicaHeader === undefined ? {} : { appReplica: c.replicaHeader }),
      ...(c.sessionStateHeader === undefined ? {} : { sessionState: c.sessionStateHeader }),
      ...(c.sessionVersionHeader === undefined ? {} : { sessionVersion: c.sessionVersionHeader }),
    },
  };
}

/**
 * How long a session's last read waits for a write it has not seen yet: long
 * enough for a late (after-response) write to land, even through the run's
 * slowest delaying fault, so that one still missing can be called lost. A
 * store write is a few round trips.
 */
export const BASE_SETTLE_MS = 250;
export function settleMs(config: RunConfig): number {
  return BASE_SETTLE_MS + 4 * worstFaultDelayMs(config.faults);
}

/** The gates k6 must know of: those it judges, and those that may stop the load early. */
export function k6Thresholds(gates: readonly GateSpec[]): Record<string, K6Threshold[]> {
  const out: Record<string, K6Threshold[]> = {};
  for (const g of gates) {
    if (g.judge !== "k6" && !g.abortOnFail) continue;
    (out[g.metric] ??= []).push({ threshold: g.threshold, abortOnFail: g.abortOnFail, ...(g.delayAbortEval === undefined ? {} : { delayAbortEval: g.delayAbortEval }) });
  }
  return out;
}

/** The environment a scenario reads through k6's __ENV: where to send load, how much, what the app's contract is, and how to tag it. */
/** `tlsEntryUrl`: the cluster's TLS entry (--tls), which browser users then use. */
export function scenarioEnv(config: RunConfig, profile: AppProfile, entryUrl: string, runId: string, tlsEntryUrl?: string): Record<string, string> {
  const c = config.cluster;
  const tags = { app: profile.name, store: c.store, lb: c.lb, replicas: String(c.replicas), ...c.knobs };
  return {
    BASE_URL: entryUrl,
    RUN_ID: runId,
    SESSION_CONTRACT: JSON.stringify(scenarioContract(profile)),
    VUS: String(config.load.vus),
    DURATION: config.load.duration,
    ...(config.load.iterations === undefined ? {} : { ITERATIONS: String(config.load.iterations) }),
    VIEWS: String(config.load.views),
    THINK_MS: String(config.load.thinkMs),
    SETTLE_MS: String(settleMs(config)),
    THRESHOLDS: JSON.stringify(k6Thresholds(config.gates)),
    ...(config.load.record === false ? { RECORD: "off" } : {}),
    TAGS: Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(","),
    ...(isBrowserScenario(config.scenario) ? browserEnv(tlsEntryUrl ?? entryUrl, config.load.httpVus ?? 0) : {}),
  };
}

/** The same entry under the site's names, which the browser resolves to 127.0.0.1 (see runK6's browser options). */
function browserEnv(entryUrl: string, httpVus: number): Record<string, string> {
  const at = (host: string): string => {
    const url = new URL(entryUrl);
    url.hostname = host;
    return url.origin;
  };
  return { SITE_URL: at(SITE_HOST), LOGIN_URL: at(LOGIN_HOST), ELSEWHERE_URL: at(ELSEWHERE_HOST), HTTP_VUS: String(httpVus) };
}
