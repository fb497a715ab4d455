import { type ToxicDirection } from "toxiproxy-node-client";
import { type FaultSchema } from "./Fault";
import { type FaultSpec } from "../config/FaultSpec";
import { formatMs } from "./faultLabels";
import { numParam } from "./readParams";
import { ToxicFault } from "./ToxicFault";

/**
 * `replication-lag=100ms`: every byte the primary streams to its replica node
 * arrives that much later (a latency toxic on the replication link's
 * downstream: the replica dialled the proxy, so what the primary sends comes
 * back down). A write the primary acknowledged reaches the replica 100 ms
 * later, and a lookup on the replica in between misses it: the "session was
 * invalidated" of apps reading from replicas. Only that stream: the replica's
 * REPLCONF ACKs upstream are left alone, so the primary's view of the lag is
 * the replica's own.
 *
 * Toxiproxy splices the toxic into the replication connection already open,
 * so the lag starts at once and no resync happens.
 */
export class ReplicationLagFault extends ToxicFault {
  static readonly schema: FaultSchema = {
    value: { type: "duration", example: "replication-lag=100ms" },
    keys: {},
    target: "none",
    lasts: true,
    needs: "replication-link",
    effect: "stale-reads",
    controlsParts: false,
  };

  protected readonly toxicType = "latency";

  /** A write becomes visible on the replica this much later: a session's last read waits for it. */
  static worstDelayMs(spec: FaultSpec): number {
    return numParam(spec, "replication-lag");
  }

  static describe(spec: FaultSpec): string {
    return `replication lag ${formatMs(numParam(spec, "replication-lag"))} on the primary→replica link (the replica node sees each write that much later)`;
  }

  protected override streams(): ToxicDirection[] {
    return ["downstream"];
  }

  protected attributes(): object {
    return { latency: numParam(this.spec, "replication-lag"), jitter: 0 };
  }
}
