import { type FaultSchemas } from "../config/FaultSchema";
import { type FaultSpec } from "../config/FaultSpec";
import { AddNodeFault } from "./AddNodeFault";
import { BallastFault } from "./BallastFault";
import { BandwidthFault } from "./BandwidthFault";
import { DownFault } from "./DownFault";
import { FailoverFault } from "./FailoverFault";
import { type FaultType } from "./Fault";
import { KillReplicaFault } from "./KillReplicaFault";
import { LatencyFault } from "./LatencyFault";
import { RemoveNodeFault } from "./RemoveNodeFault";
import { ReplicationLagFault } from "./ReplicationLagFault";
import { ResetPeerFault } from "./ResetPeerFault";
import { RestartNodeFault } from "./RestartNodeFault";
import { RestartRedisFault } from "./RestartRedisFault";
import { RestartReplicaFault } from "./RestartReplicaFault";
import { RollingRestartFault } from "./RollingRestartFault";
import { TimeoutFault } from "./TimeoutFault";

/**
 * Every fault `--fault` knows, by the name that starts its spec. The parser
 * reads each class's schema (its value, keys, target rule) from here, so a new
 * fault is one file plus one line below; see docs/adding-a-fault.md.
 */
export const FAULTS: Readonly<Record<string, FaultType>> = {
  latency: LatencyFault,
  timeout: TimeoutFault,
  reset_peer: ResetPeerFault,
  bandwidth: BandwidthFault,
  down: DownFault,
  kill: KillReplicaFault,
  restart: RestartReplicaFault,
  "rolling-restart": RollingRestartFault,
  "restart-redis": RestartRedisFault,
  "restart-node": RestartNodeFault,
  "remove-node": RemoveNodeFault,
  "add-node": AddNodeFault,
  "replication-lag": ReplicationLagFault,
  failover: FailoverFault,
  ballast: BallastFault,
};

export const FAULT_KINDS = Object.keys(FAULTS);

/** What the config layer's parser needs, without the code that injects faults. */
export const FAULT_SCHEMAS: FaultSchemas = Object.fromEntries(Object.entries(FAULTS).map(([kind, f]) => [kind, f.schema]));

export function faultType(kind: string): FaultType {
  const type = Object.hasOwn(FAULTS, kind) ? FAULTS[kind] : undefined;
  if (type === undefined) throw new Error(`no fault named ${JSON.stringify(kind)} (have ${FAULT_KINDS.join(", ")})`);
  return type;
}

/** The fault's human label: "latency 50 ms ±40 ms on both directions of app-2's Redis link (+100 ms per round trip)". */
export function describeFault(spec: FaultSpec): string {
  return faultType(spec.kind).describe(spec);
}

/** The worst delay the run's faults add to one store round trip (ms); 0 without delaying faults. */
export function worstFaultDelayMs(specs: readonly FaultSpec[]): number {
  return Math.max(0, ...specs.map((s) => faultType(s.kind).worstDelayMs?.(s) ?? 0));
}
