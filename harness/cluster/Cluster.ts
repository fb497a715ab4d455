import { type ClusterSpec } from "../config/RunConfig";
import { type RunLedger } from "../process/RunLedger";

/** One sample-app replica as the outside sees it. */
export interface ReplicaInfo {
  name: string;
  url: string;
  /** Where this replica reaches Redis (its own Toxiproxy proxy), when the store is redis. */
  redisProxy?: { name: string; listen: string };
}

/** One started part (process or container), as recorded in result.json. */
export interface PartInfo {
  name: string;
  kind: "redis" | "toxiproxy" | "app" | "nginx";
  address: string;
  pid?: number;
  log: string;
}

export interface ClusterDescription {
  backend: ClusterSpec["backend"];
  entryUrl: string;
  toxiproxyUrl?: string;
  redisUrl?: string;
  parts: PartInfo[];
}

/**
 * A running cluster. Both backends (processes, Docker) implement this, so a
 * scenario or fault never knows which one it runs on. Disposing it stops every
 * part it started, whatever state the run ended in.
 */
export interface StartedCluster extends AsyncDisposable {
  readonly spec: ClusterSpec;
  readonly runId: string;
  readonly entryUrl: string;
  readonly replicas: readonly ReplicaInfo[];
  /** Toxiproxy's API, when the store is redis (memory-store runs start no Redis). */
  readonly toxiproxyUrl: string | undefined;
  describe(): ClusterDescription;
  /** Process faults: stop one replica hard, start it again. */
  killReplica(name: string): Promise<void>;
  startReplica(name: string): Promise<void>;
  /** Restart Redis on the same port; every session in it is lost. */
  restartRedis(): Promise<void>;
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
