import { type FaultSchema } from "./Fault";
import { directionParam, numParam } from "./readParams";
import { type FaultSpec } from "../config/FaultSpec";
import { formatMs, onLink } from "./faultLabels";
import { DIRECTION_KEY, ToxicFault } from "./ToxicFault";

/**
 * `latency=50ms[,jitter=10ms][,direction=both]`: every chunk on the chosen
 * stream(s) waits latency ± jitter (uniform over [latency-jitter,
 * latency+jitter)). `both` puts the full latency on each stream, so a Redis
 * round trip (command up, reply down) gains 2 × latency; upstream or
 * downstream alone add it once. The label states the round-trip cost, which
 * is what the app's timings will show.
 */
export class LatencyFault extends ToxicFault {
  static readonly schema: FaultSchema = {
    value: { type: "duration", example: "latency=50ms" },
    keys: { jitter: { type: "duration-or-zero", default: 0 }, ...DIRECTION_KEY },
    target: "links",
    lasts: true,
    needs: "app-links",
    controlsParts: false,
    check: (p) =>
      typeof p.jitter === "number" && typeof p.latency === "number" && p.jitter > p.latency
        ? `jitter ${formatMs(p.jitter)} is larger than latency ${formatMs(p.latency)} (a delay cannot go below 0): use jitter ≤ latency`
        : undefined,
  };

  protected readonly toxicType = "latency";

  static worstDelayMs(spec: FaultSpec): number {
    const streams = directionParam(spec) === "both" ? 2 : 1;
    return streams * (numParam(spec, "latency") + numParam(spec, "jitter"));
  }

  static describe(spec: FaultSpec): string {
    const latency = numParam(spec, "latency");
    const jitter = numParam(spec, "jitter");
    const direction = directionParam(spec);
    const perRoundTrip = direction === "both" ? 2 * latency : latency;
    const what = `latency ${formatMs(latency)}${jitter > 0 ? ` ±${formatMs(jitter)}` : ""}`;
    return `${onLink(what, direction, spec.target)} (+${formatMs(perRoundTrip)} per round trip)`;
  }

  protected attributes(): object {
    return { latency: numParam(this.spec, "latency"), jitter: numParam(this.spec, "jitter") };
  }
}
