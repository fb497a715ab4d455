import { type FaultSpec } from "../config/FaultSpec";
import { type Fault, type FaultOutcome, type FaultSchema } from "./Fault";
import { formatMs } from "./faultLabels";

/**
 * `rolling-restart[,interval=3s][,at=…]`: a deploy. Every replica is
 * restarted in turn, `interval` apart, starting at `at`: app-1 at `at`, app-2
 * an interval later, and so on. The run's configuration fans it out into one
 * `restart` per replica (harness/config/fanOutFaults.ts), so each restart is
 * its own event in the timeline with its own replica, and attribution can tell
 * which replica lost its sessions when. This class never runs.
 */
export class RollingRestartFault implements Fault {
  static readonly schema: FaultSchema = {
    keys: { interval: { type: "duration", default: 3000 } },
    target: "none",
    lasts: false,
    effect: "wipes-node",
    controlsParts: true,
    fansOut: { into: "restart", apart: "interval" },
  };

  static describe(spec: FaultSpec): string {
    return `rolling restart: every replica in turn, ${formatMs(Number(spec.params.interval))} apart`;
  }

  start(): Promise<FaultOutcome | undefined> {
    return Promise.reject(new Error("rolling-restart runs as one restart per replica, fanned out when the run is configured"));
  }

  stop(): Promise<FaultOutcome | undefined> {
    return Promise.resolve(undefined);
  }
}
