import { describe, expect, it } from "vitest";
import { buildThresholds, replicaSubmetric } from "../../../scenarios/lib/buildThresholds";

describe("buildThresholds", () => {
  it("turns rate gates and replica names into k6 thresholds", () => {
    expect(
      buildThresholds({
        rateGates: { session_logouts: 0.01, login_failures: 0, session_store_errors: 0 },
        replicaNames: ["app-1", "app-2"],
      }),
    ).toEqual({
      session_logouts: ["rate<=0.01"],
      login_failures: ["rate<=0"],
      session_store_errors: ["rate<=0"],
      "replica_responses{replica:app-1}": ["count>=0"],
      "replica_responses{replica:app-2}": ["count>=0"],
    });
  });

  it("writes small and whole gates as plain decimals", () => {
    const t = buildThresholds({ rateGates: { a: 1e-7, b: 1, c: 0.25 }, replicaNames: [] });
    expect(t).toEqual({ a: ["rate<=0.0000001"], b: ["rate<=1"], c: ["rate<=0.25"] });
  });

  it("rejects a gate that is not a rate", () => {
    expect(() => buildThresholds({ rateGates: { session_logouts: 2 }, replicaNames: [] })).toThrow(/session_logouts/);
    expect(() => buildThresholds({ rateGates: { session_logouts: NaN }, replicaNames: [] })).toThrow(RangeError);
  });

  it("names a replica's submetric as the summary keys it", () => {
    expect(replicaSubmetric("app-3")).toBe("replica_responses{replica:app-3}");
  });
});
