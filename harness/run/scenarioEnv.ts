import { type StartedCluster } from "../cluster/Cluster";
import { type RunConfig } from "../config/RunConfig";

/** The environment a scenario reads through k6's __ENV: where to send load, how much, and how to tag it. */
export function scenarioEnv(config: RunConfig, cluster: Pick<StartedCluster, "entryUrl" | "replicas" | "runId">): Record<string, string> {
  return {
    BASE_URL: cluster.entryUrl,
    RUN_ID: cluster.runId,
    VUS: String(config.load.vus),
    DURATION: config.load.duration,
    VIEWS: String(config.load.views),
    THINK_MS: String(config.load.thinkMs),
    STORE: config.cluster.store,
    LB: config.cluster.lb,
    REPLICAS: String(config.cluster.replicas),
    REPLICA_NAMES: cluster.replicas.map((r) => r.name).join(","),
    COMMIT: config.cluster.commit,
    LOCKING: config.cluster.locking ? "on" : "off",
  };
}
