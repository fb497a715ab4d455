import { type FaultSpec } from "../faults/FaultSpec";

/**
 * What a run is asked to do. The CLI parses argv into this; everything else
 * (cluster, k6, report) reads it. It is written verbatim into result.json.
 */
export const STORES = ["memory", "redis"] as const;
export type Store = (typeof STORES)[number];

export const LB_POLICIES = ["round-robin", "ip-hash", "cookie-hash", "least-conn"] as const;
export type LbPolicy = (typeof LB_POLICIES)[number];

export const COMMIT_POLICIES = ["before-redirect", "after-response"] as const;
export type CommitPolicy = (typeof COMMIT_POLICIES)[number];

export const BACKENDS = ["process"] as const;
export type Backend = (typeof BACKENDS)[number];

export const MIN_REPLICAS = 1;
export const MAX_REPLICAS = 32;

export interface ClusterSpec {
  backend: Backend;
  store: Store;
  replicas: number;
  lb: LbPolicy;
  commit: CommitPolicy;
  locking: boolean;
}

export interface LoadSpec {
  vus: number;
  /** As the user wrote it (k6 syntax, e.g. "10s", "1m30s"). */
  duration: string;
  durationMs: number;
  /** Dashboard views per login in login-loop. */
  views: number;
  /** A user's pause before each new action (ms); 0 sends back to back. */
  thinkMs: number;
}

export interface RunConfig {
  scenario: string;
  cluster: ClusterSpec;
  load: LoadSpec;
  /** Injected on a schedule while the load runs; see harness/faults/. */
  faults: FaultSpec[];
}

/** Replica names are fixed by position, so a fault can name its target before the cluster exists. */
export function replicaNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `app-${i + 1}`);
}

export const DEFAULT_CLUSTER: ClusterSpec = {
  backend: "process",
  store: "memory",
  replicas: 3,
  lb: "round-robin",
  commit: "before-redirect",
  locking: false,
};

export const DEFAULT_LOAD: LoadSpec = { vus: 10, duration: "10s", durationMs: 10_000, views: 5, thinkMs: 0 };
