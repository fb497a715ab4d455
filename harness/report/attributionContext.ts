import { type StoreMemory } from "../config/storeMemory";
import { type AttributionContext } from "./attributeAnomalies";
import { type EvictionSample } from "./evictions";
import { faultWindows } from "./faultWindows";
import { type ReplicationEvidence } from "./replicationLag";
import { type AppInfo, type RunResult } from "./RunResult";

/** What attribution is told about a run, built the same way while the history streams and when a result is summarized again. */
export function attributionContext(
  app: AppInfo,
  faults: RunResult["faults"],
  runEnd: number,
  samples: { replication?: ReplicationEvidence; eviction?: readonly EvictionSample[] } = {},
  memory?: StoreMemory,
): AttributionContext {
  const { replication } = samples;
  return {
    storeShared: app.store.shared,
    faults: faultWindows(faults, runEnd),
    ...(app.store.replicaReads === true ? { replicaReads: true } : {}),
    ...(replication && [...replication.samples.values()].some((s) => s.length > 0) ? { replication } : {}),
    ...(memory ? { eviction: { memory, samples: samples.eviction ?? [] } } : {}),
  };
}
