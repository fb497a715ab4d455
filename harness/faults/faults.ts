import { type FaultType } from "./Fault";
import { BandwidthFault } from "./BandwidthFault";
import { DownFault } from "./DownFault";
import { KillReplicaFault } from "./KillReplicaFault";
import { LatencyFault } from "./LatencyFault";
import { ResetPeerFault } from "./ResetPeerFault";
import { RestartRedisFault } from "./RestartRedisFault";
import { TimeoutFault } from "./TimeoutFault";

/**
 * Every fault `--fault` knows, by the name that starts its spec. The parser
 * reads each class's schema (its value, keys, target rule) from here, so a new
 * fault is one file plus one line below; see docs/adding-a-fault.md.
 */
export const FAULTS = {
  latency: LatencyFault,
  timeout: TimeoutFault,
  reset_peer: ResetPeerFault,
  bandwidth: BandwidthFault,
  down: DownFault,
  kill: KillReplicaFault,
  "restart-redis": RestartRedisFault,
} satisfies Record<string, FaultType>;

export type FaultKind = keyof typeof FAULTS;

export const FAULT_KINDS = Object.keys(FAULTS) as FaultKind[];

export function isFaultKind(name: string): name is FaultKind {
  return Object.hasOwn(FAULTS, name);
}
