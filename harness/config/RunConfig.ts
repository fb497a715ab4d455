import { type FaultSpec } from "./FaultSpec";
import { type GateSpec } from "./GateSpec";
import { type StoreMemory } from "./storeMemory";
import { type StorePersistence } from "./storePersistence";
import { type StoreMinReplicas } from "./storeMinReplicas";

/**
 * What a run is asked to do, independent of the app: the CLI, a test or a
 * bench builds it with harness/run/buildRunConfig.ts (the one place that
 * checks it against the app's profile), everything downstream reads it, and
 * it is written verbatim into result.json.
 */
export const LB_POLICIES = ["round-robin", "ip-hash", "cookie-hash", "least-conn"] as const;
export type LbPolicy = (typeof LB_POLICIES)[number];

export const MIN_REPLICAS = 1;
export const MAX_REPLICAS = 32;
export const MAX_VUS = 1000;
export const MAX_ITERATIONS = 10_000_000;
/** The most a load of `--iterations` may take when --duration is not given: k6's own default maxDuration. */
export const COUNTED_LOAD_MAX_DURATION = "10m";

export interface ClusterSpec {
  /** A backend's name (harness/cluster/backends.ts). */
  backend: string;
  /** `--app` as given: a built-in profile's name or a profile file's path. */
  app: string;
  replicas: number;
  lb: LbPolicy;
  /**
   * `--proxy-buffering off`: nginx passes each answer on as it comes
   * (proxy_buffering off), so a redirect's headers reach the client before its
   * body; absent: nginx's default, which holds a small answer whole.
   */
  proxyBuffering?: "off";
  /** `--tls`: nginx also serves the entry over TLS, with a certificate the run makes (process backend). */
  tls?: true;
  /** One of the profile's stores. */
  store: string;
  /** `--store-maxmemory`, `--store-policy`: a Redis store's memory limit and what it does when full (absent: unlimited). */
  storeMemory?: StoreMemory;
  /** `--store-persistence`: a Redis store's append-only file and its fsync (absent: nothing on disk). */
  storePersistence?: Exclude<StorePersistence, "none">;
  /** `--store-replicas`: how many replica nodes a topology that can have several starts (absent: its own number). */
  storeReplicas?: number;
  /** `--store-min-replicas-to-write`, `--store-min-replicas-max-lag`: a replicated Redis's refusal of writes it cannot replicate. */
  storeMinReplicas?: StoreMinReplicas;
  /** Every knob of the profile, by name, with the value this run uses (defaults filled in). */
  knobs: Record<string, string>;
  /** `--weaken`: the profile's deliberately weakened variants this run switches on (for checking the audit). */
  weaken?: string[];
  /** `--url`: the entry of a cluster started by someone else (backend "external"); loopback only. */
  url?: string;
  /** `--toxiproxy-url`: that cluster's Toxiproxy API, for faults on its links. */
  toxiproxyUrl?: string;
}

export interface LoadSpec {
  vus: number;
  /** As the user wrote it (k6 syntax, e.g. "10s", "1m30s"). */
  duration: string;
  durationMs: number;
  /**
   * `--iterations`: the load is this many iterations shared by the VUs (k6's
   * shared-iterations), `duration` the most it may take. A count, not a time,
   * sizes the evidence, whatever the machine's speed.
   */
  iterations?: number;
  /** Protected-page views per login in login-loop. */
  views: number;
  /** A user's pause before each new action (ms); 0 sends back to back. */
  thinkMs: number;
  /** Browser scenarios: k6 HTTP users alongside the browser users (`--vus`), on the same cluster. */
  httpVus?: number;
  /**
   * false: the same requests without the history, the session metrics and the
   * checks, so the bench can measure what they cost. Such a run decides nothing.
   */
  record?: false;
}

export interface RunConfig {
  scenario: string;
  cluster: ClusterSpec;
  load: LoadSpec;
  /** Injected on a schedule while the load runs; see harness/faults/. */
  faults: FaultSpec[];
  /** What passes: the user's (`--gate`, a config file), else the app profile's, else the harness's defaults. */
  gates: GateSpec[];
  gatesFrom: "user" | "profile" | "default";
  /** Its name in a comparison (a config file's run name, or the matrix cell). */
  name?: string;
  /** An earlier run's result.json this run is compared with (absolute path). */
  baseline?: string;
}

/** Replica names are fixed by position, so a fault can name its target before the cluster exists. */
export function replicaNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `app-${i + 1}`);
}

export const DEFAULT_BACKEND = "process";
export const DEFAULT_REPLICAS = 3;
export const DEFAULT_LB: LbPolicy = "round-robin";
export const DEFAULT_SCENARIO = "login-loop";
/** The session-security audit: a scenario name like the k6 ones, run by the harness itself (harness/audit/). */
export const AUDIT_SCENARIO = "session-audit";
/** Scenarios whose users are real Chromium browsers (k6's browser module) start with this. */
export const BROWSER_SCENARIO_PREFIX = "browser-";
export const isBrowserScenario = (scenario: string): boolean => scenario.startsWith(BROWSER_SCENARIO_PREFIX);
/** A Chromium per user is heavy: 2 cores fit a few (README, "Browser scenarios"). */
export const DEFAULT_BROWSER_LOAD = { vus: 2, httpVus: 2, maxVus: 20 } as const;
export const DEFAULT_LOAD: LoadSpec = { vus: 10, duration: "10s", durationMs: 10_000, views: 5, thinkMs: 0 };
