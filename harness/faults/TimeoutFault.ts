import { type FaultSchema } from "./Fault";
import { directionParam, numParam } from "./readParams";
import { type FaultSpec } from "../config/FaultSpec";
import { formatMs, onLink } from "./faultLabels";
import { DIRECTION_KEY, ToxicFault } from "./ToxicFault";

/**
 * `timeout=500ms[,direction=both]`: data on the chosen stream(s) is dropped
 * and the connection is closed once `timeout` passes without data arriving
 * (Toxiproxy restarts the clock on every chunk it drops); `timeout=0` holds
 * the connection open, silent, until the fault ends.
 *
 * Direction matters for a store: upstream drops the app's commands (nothing
 * reaches Redis); downstream lets them run and drops the replies, so a session
 * write can land while the app reports it failed.
 *
 * Ending the fault closes the connections it held (Toxiproxy's timeout toxic
 * closes its stream when removed): the app sees one more disconnect and
 * reconnects, rather than getting a burst of stale replies.
 */
export class TimeoutFault extends ToxicFault {
  static readonly schema: FaultSchema = {
    value: { type: "duration-or-zero", example: "timeout=500ms" },
    keys: DIRECTION_KEY,
    target: "links",
    lasts: true,
    needs: "app-links",
    controlsParts: false,
  };

  protected readonly toxicType = "timeout";

  static describe(spec: FaultSpec): string {
    const timeout = numParam(spec, "timeout");
    const then = timeout > 0 ? `connections closed after ${formatMs(timeout)} without data` : "connections held open";
    return `${onLink(timeout > 0 ? `timeout ${formatMs(timeout)}` : "timeout", directionParam(spec), spec.target)} (data dropped, ${then})`;
  }

  protected attributes(): object {
    return { timeout: numParam(this.spec, "timeout") };
  }
}
