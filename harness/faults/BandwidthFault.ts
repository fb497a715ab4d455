import { type FaultSchema } from "./Fault";
import { directionParam, numParam } from "./readParams";
import { type FaultSpec } from "../config/FaultSpec";
import { onLink } from "./faultLabels";
import { DIRECTION_KEY, ToxicFault } from "./ToxicFault";

/**
 * `bandwidth=10[,direction=both]`: each chosen stream of each connection is
 * limited to that many KB/s (Toxiproxy's unit, 1 KB = 1000 bytes). Sessions
 * are small, so this bites on large replies (a full cart) and on many
 * commands queued behind one another, not on a single PING.
 */
export class BandwidthFault extends ToxicFault {
  static readonly schema: FaultSchema = {
    value: { type: "kbps", example: "bandwidth=10" },
    keys: DIRECTION_KEY,
    target: "links",
    lasts: true,
    needs: "app-links",
    controlsParts: false,
  };

  protected readonly toxicType = "bandwidth";

  static describe(spec: FaultSpec): string {
    return onLink(`bandwidth ${numParam(spec, "bandwidth")} KB/s`, directionParam(spec), spec.target);
  }

  protected attributes(): object {
    return { rate: numParam(this.spec, "bandwidth") };
  }
}
