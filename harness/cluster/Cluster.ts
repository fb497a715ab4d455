import { type Part, type Plan } from "../plan/Plan";
import { type RunLedger } from "../process/RunLedger";

/** One replica as the outside sees it. */
export interface ReplicaEndpoint {
  name: string;
  /** host:port nginx reaches it on. */
  address: string;
  /** Its own HTTP URL, for scraping its metrics; undefined for a FastCGI replica. */
  url: string | undefined;
  /** Its Toxiproxy proxy to the store, when the store has a service. */
  link?: string;
}

/** One started part (process or container), as recorded in result.json. */
export interface PartInfo {
  name: string;
  role: Part["role"];
  address: string;
  pid?: number;
  log: string;
}

export interface ClusterDescription {
  backend: string;
  entryUrl: string;
  toxiproxyUrl?: string;
  storeUrl?: string;
  parts: PartInfo[];
}

/**
 * A running cluster. Every backend implements this, so a scenario or fault
 * never knows which one it runs on. Disposing it stops every part it started,
 * whatever state the run ended in.
 */
export interface StartedCluster extends AsyncDisposable {
  readonly runId: string;
  readonly plan: Plan;
  readonly entryUrl: string;
  readonly replicas: readonly ReplicaEndpoint[];
  /** Toxiproxy's API, when the store has a service. */
  readonly toxiproxyUrl: string | undefined;
  describe(): ClusterDescription;
  /** Process faults: stop one part hard (SIGKILL or its equivalent). */
  killPart(name: string): Promise<void>;
  /** Start a killed part again on the same address, and wait until it is ready. */
  startPart(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterStartOptions {
  runId: string;
  /** The run's ledger of started processes; a backend that starts processes records them here. */
  ledger?: RunLedger;
  /** Folder for logs and generated configs: reports/<run-id>/. */
  runDir: string;
  /** Aborted by Ctrl-C: start-up gives up and stops what it started. */
  signal?: AbortSignal;
}

/** A way to run a plan: child processes today, containers next. */
export interface Backend {
  readonly name: string;
  start(plan: Plan, opts: ClusterStartOptions): Promise<StartedCluster>;
}
