import { describe, expect, it } from "vitest";
import { compareRates } from "../../../harness/report/compareBaseline";

const r = (hits: number, total: number) => ({ hits, total, rate: total === 0 ? 0 : hits / total });

describe("compareRates (one-sided two-proportion test at 99%, tolerance 0.1 pp)", () => {
  it("flags a real rise: memory's 66% against Redis's 0%", () => {
    expect(compareRates("session_logouts", r(0, 5000), r(3300, 5000))).toMatchObject({ regression: true });
  });

  it("does not flag noise between two runs of the same setup", () => {
    expect(compareRates("session_stale_reads", r(40, 4000), r(52, 4000))).toMatchObject({ regression: false });
    expect(compareRates("session_logouts", r(0, 5000), r(0, 4800))).toMatchObject({ regression: false });
  });

  it("does not flag a rise within the tolerance however many samples", () => {
    expect(compareRates("session_logouts", r(0, 1_000_000), r(500, 1_000_000)).regression).toBe(false);
  });

  it("flags a small but sure rise beyond the tolerance", () => {
    const c = compareRates("session_lost_updates", r(10, 20_000), r(120, 20_000));
    expect(c.regression).toBe(true);
    expect(c.conclusion).toMatch(/rose by more than 0\.10% with 99% confidence \(z = [\d.]+ > 2\.32/);
  });

  it("never tests a side without samples", () => {
    expect(compareRates("session_stale_reads", r(0, 0), r(5, 100))).toMatchObject({ regression: false, z: null });
  });
});
