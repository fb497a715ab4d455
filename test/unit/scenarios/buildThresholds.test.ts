import { describe, expect, it } from "vitest";
import { buildThresholds, rateGates, replicaSubmetric } from "../../../scenarios/lib/buildThresholds";
import { CART_GATES, STALE_KIND_SPLIT } from "../../../scenarios/lib/cartGates";

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

  it("adds an always-true threshold per value of a split, so the summary breaks stale reads down by kind", () => {
    const t = buildThresholds({ rateGates: {}, replicaNames: ["app-1"], splits: [STALE_KIND_SPLIT] });
    expect(t).toEqual({
      "replica_responses{replica:app-1}": ["count>=0"],
      "session_stale_reads_by_kind{kind:session-missing}": ["count>=0"],
      "session_stale_reads_by_kind{kind:older-version}": ["count>=0"],
    });
  });
});

describe("rateGates", () => {
  it("defaults every cart gate to 0", () => {
    expect(rateGates({}, CART_GATES)).toEqual({
      session_stale_reads: 0,
      session_lost_updates: 0,
      session_logouts: 0,
      login_failures: 0,
      session_store_errors: 0,
    });
  });

  it("loosens a gate through its GATE_* variable, login failures excepted", () => {
    const env = { GATE_STALE_READ_RATE: "0.05", GATE_LOST_UPDATE_RATE: "0.3", GATE_LOGOUT_RATE: "0.01", GATE_STORE_ERROR_RATE: "1" };
    expect(rateGates(env, CART_GATES)).toEqual({
      session_stale_reads: 0.05,
      session_lost_updates: 0.3,
      session_logouts: 0.01,
      login_failures: 0,
      session_store_errors: 1,
    });
    expect(() => rateGates({ GATE_STORE_ERROR_RATE: "2" }, CART_GATES)).toThrow(/GATE_STORE_ERROR_RATE must be a rate/);
  });

  it("refuses a metric that is not a gate", () => {
    expect(() => rateGates({}, ["flow_write"])).toThrow(/flow_write is not a gate/);
  });
});
