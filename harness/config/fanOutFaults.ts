import { UsageError } from "../errors/UsageError";
import { type FaultSchemas } from "./FaultSchema";
import { type FaultSpec } from "./FaultSpec";

/**
 * Replaces each fault that is a schedule of another (`fansOut`: a rolling
 * restart) with one of that fault per replica, `apart` between their starts,
 * in replica order; every other fault as it is. Each keeps the text the user
 * wrote, and says which step it is (`step`: "2 of 3"); a schedule that keeps
 * itself (`keep`) comes first, before its restarts. Pure; a schedule whose
 * last step would fall after the load is refused, as a fault that would never
 * fire is.
 */
export function fanOutFaults(specs: readonly FaultSpec[], schemas: FaultSchemas, replicaNames: readonly string[], durationMs?: number): FaultSpec[] {
  return specs.flatMap((spec) => {
    const plan = schemas[spec.kind]?.fansOut;
    if (plan === undefined) return [spec];
    const apartMs = Number(spec.params[plan.apart]);
    const last = spec.atMs + apartMs * (replicaNames.length - 1);
    if (durationMs !== undefined && last >= durationMs) {
      throw new UsageError(
        `--fault ${JSON.stringify(spec.text)}: its last restart (${replicaNames.at(-1) ?? "?"}) would come at +${last / 1000} s, after the load (${durationMs / 1000} s): lower ${plan.apart}=, or give a longer --duration`,
      );
    }
    const restarts = replicaNames.map((target, i): FaultSpec => ({
      text: spec.text,
      kind: plan.into,
      target,
      atMs: spec.atMs + apartMs * i,
      forMs: null,
      params: { step: `${i + 1} of ${replicaNames.length}` },
    }));
    return plan.keep === true ? [spec, ...restarts] : restarts;
  });
}
