import { parseFaultSpec, type FaultSpec } from "../../../harness/config/FaultSpec";
import { FAULT_SCHEMAS } from "../../../harness/faults/faults";
import { capabilitiesOf } from "../../../harness/topology/StoreTopology";
import { REDIS_SINGLE } from "../../../harness/topology/redisSingle";

/** A `--fault` text parsed for a run of `replicas` on a Redis-backed store. */
export function faultSpec(text: string, replicas: readonly string[] = ["app-1", "app-2", "app-3"]): FaultSpec {
  return parseFaultSpec(text, { schemas: FAULT_SCHEMAS, replicaNames: replicas, store: "redis", capabilities: capabilitiesOf(REDIS_SINGLE) });
}
