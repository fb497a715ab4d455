import { type Part, type Plan } from "../plan/Plan";
import { type RunLedger } from "../process/RunLedger";
import { type StoreListing } from "./StoreListing";

/** One replica as the outside sees it. */
export interface ReplicaEndpoint {
  name: string;
  /** host:port nginx reaches it on. */
  address: string;
  /** Its own HTTP URL, for scraping its metrics; undefined for a FastCGI replica. */
  url: string | undefined;
}

/** One started part (process or container), as recorded in result.json. */
export interface PartInfo {
  name: string;
  role: Part["role"];
  address: string;
  pid?: number;
  /** The Docker backend's container id (short). */
  container?: string;
  log: string;
}

export interface ClusterDescription {
  backend: string;
  entryUrl: string;
  toxiproxyUrl?: string;
  /** The node the app writes to, directly (not through a proxy). */
  storeUrl?: string;
  /** The Docker backend's network of the run. */
  network?: string;
  parts: PartInfo[];
}

/** A part that exited while the run went on, without the harness asking it to. */
export interface PartExit {
  part: string;
  role: Part["role"];
  /** Epoch ms. */
  t: number;
  code: number | null;
  signal: string | null;
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
  /** With --tls: the same entry over TLS, the key a browser must trust for it, and the CA that signed it (PEM file). */
  readonly tls?: { entryUrl: string; spkiSha256: string; caFile: string };
  readonly replicas: readonly ReplicaEndpoint[];
  /** Toxiproxy's API, when the store has a service. */
  readonly toxiproxyUrl: string | undefined;
  /** The store nodes the app's server list names now: remove-node and add-node change it, replicas started afterwards get it. */
  readonly listing: StoreListing;
  describe(): ClusterDescription;
  /** The watchdog: called for every part that dies on its own (a crash, a kill by hand), never for a fault's kill or a stop. */
  onPartExit(listener: (e: PartExit) => void): void;
  /** Process faults: stop one part hard (SIGKILL or its equivalent). */
  killPart(name: string): Promise<void>;
  /** Process faults: stop one part as a deploy does (its stop signal, SIGKILL only after a grace), and wait until it has exited. */
  stopPart(name: string): Promise<void>;
  /** Start a killed part again on the same address, and wait until it is ready. */
  startPart(name: string): Promise<void>;
  /** Stops every part; `graceMs` bounds each one's own shutdown before it is killed (shorter when the run was interrupted). */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface ClusterStartOptions {
  runId: string;
  /** The run's ledger of started processes; a backend that starts processes records them here. */
  ledger?: RunLedger;
  /** Folder for logs and generated configs: reports/<run-id>/. */
  runDir: string;
  /** Aborted by Ctrl-C: start-up gives up and stops what it started. */
  signal?: AbortSignal;
  /** For what takes long and the user should know about (building an image). */
  log?: (line: string) => void;
}

/** A way to run a plan: child processes today, containers next. */
export interface Backend {
  readonly name: string;
  start(plan: Plan, opts: ClusterStartOptions): Promise<StartedCluster>;
}
