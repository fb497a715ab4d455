import { isBrowserScenario, type RunConfig } from "../config/RunConfig";
import { type FastcgiUpstream } from "./Plan";

/**
 * Requests one user may have in flight at once: concurrent-tabs sends its two
 * writes together (http.batch of 2); a browser fetches up to 6 at once from one
 * host (Chromium's per-host limit); every other scenario one at a time.
 */
export function inFlightPerUser(scenario: string): number {
  if (isBrowserScenario(scenario)) return 6;
  return scenario === "concurrent-tabs" ? 2 : 1;
}

/** The most requests the load can have in flight at once. */
export function maxInFlight(config: RunConfig): number {
  const { load, scenario } = config;
  return load.vus * inFlightPerUser(scenario) + (load.httpVus ?? 0) * inFlightPerUser("concurrent-tabs");
}

/**
 * Whether nginx keeps its FastCGI connections, and how many per replica.
 *
 * A php-fpm worker serves one connection at a time and stays bound to it
 * while nginx holds it idle; a connection opened when every worker is bound
 * waits in the listen queue until one is closed (measured before this: 60 s
 * stalls, 8 workers at 10 VUs). nginx reuses an idle connection to the chosen
 * replica before it opens one, so capping each replica at its workers
 * (`max_conns`) means no connection ever waits behind a kept one. The cap
 * answers 502 only when every replica is at its cap, which cannot happen while
 * the load's requests in flight fit in all replicas' workers; past that, kept
 * connections would change the app's queueing into errors, so they are not
 * kept and the run says so (each request then opens a connection: the churn
 * the plumbing section reports).
 */
export function fastcgiKeepalive(config: RunConfig, workers: number | undefined, replicas: number): Pick<FastcgiUpstream, "keptPerReplica" | "notKept"> {
  if (workers === undefined) {
    return { notKept: "the profile does not say how many FastCGI workers a replica has (replica.fastcgi.workers), so nginx opens a connection per request" };
  }
  const inFlight = maxInFlight(config);
  if (inFlight > workers * replicas) {
    return {
      notKept: `the load may have ${inFlight} requests in flight and ${replicas} replicas have ${workers * replicas} FastCGI workers, so nginx opens a connection per request (kept connections would turn the queueing into 502s); fewer --vus or more workers keep them`,
    };
  }
  return { keptPerReplica: workers };
}
