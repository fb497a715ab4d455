import { type FaultSchema } from "./Fault";
import { directionParam, numParam } from "./readParams";
import { type FaultSpec } from "../config/FaultSpec";
import { formatMs, onLink } from "./faultLabels";
import { DIRECTION_KEY, ToxicFault } from "./ToxicFault";

/**
 * `reset_peer` or `reset_peer=100ms[,direction=both]`: the first data on the
 * chosen stream(s) is dropped and, `timeout` later, the connection closed.
 * Upstream fires on the app's next command (it never reaches Redis);
 * downstream on Redis's next reply (the command ran, the app never hears so).
 *
 * Toxiproxy turns that close into a TCP RST only on connections opened while
 * the toxic exists (it sets SO_LINGER 0 when a connection starts); the app's
 * already-open connection gets an orderly close (FIN) instead. Either way the
 * client loses the connection with a command in flight, and its reconnection
 * then meets the RST.
 */
export class ResetPeerFault extends ToxicFault {
  static readonly schema: FaultSchema = {
    value: { type: "duration-or-zero", default: 0, example: "reset_peer=100ms" },
    keys: DIRECTION_KEY,
    target: "links",
    lasts: true,
    needs: "app-links",
    controlsParts: false,
  };

  protected readonly toxicType = "reset_peer";

  static describe(spec: FaultSpec): string {
    const after = numParam(spec, "reset_peer");
    const when = after > 0 ? `${formatMs(after)} after their next data` : "on their next data";
    return `${onLink("reset_peer", directionParam(spec), spec.target)} (connections reset ${when})`;
  }

  protected attributes(): object {
    return { timeout: numParam(this.spec, "reset_peer") };
  }
}
