import { describe, expect, it } from "vitest";
import { baselineConsoleLines, compareRates } from "../../../harness/report/compareBaseline";
import { BASELINE_RULES } from "../../../harness/report/RunResult";

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

  // Memory against Redis: z = 84 or so. A table-based CDF printed p = 1.0e-3 here.
  it("prints a p-value far below 0.001 as it is, not as the table's floor", () => {
    const c = compareRates("session_logouts", r(0, 5000), r(3300, 5000));
    expect(c.z).toBeGreaterThan(80);
    expect(c.conclusion).toMatch(/z = \d+\.\d\d > 2\.3\d, p = \d\.\de-\d{4}\)$/);
    expect(c.conclusion).not.toContain("1.0e-3");
  });

  it("prints a p-value above 0.001 with three decimals", () => {
    expect(compareRates("session_stale_reads", r(40, 4000), r(52, 4000)).conclusion).toMatch(/\(z = -?\d+\.\d\d, p = 0\.\d{3}\)$/);
  });
});

describe("baselineConsoleLines: what the console says under the verdict", () => {
  const comparison = (now: ReturnType<typeof r>) => {
    const rates = [compareRates("session_logouts", r(0, 5000), now)];
    return { path: "reports/base/result.json", runId: "base", rules: BASELINE_RULES, differences: [], rates, latency: [], regression: rates.some((x) => x.regression) };
  };

  it("names the regression and the rate that regressed", () => {
    const lines = baselineConsoleLines(comparison(r(3300, 5000)));
    expect(lines[0]).toBe("REGRESSION against baseline base (reports/base/result.json):");
    expect(lines[1]).toMatch(/^ {2}session_logouts: 0\.00% of 5000 → 66\.00% of 5000: rose by more than 0\.10% with 99% confidence/);
    expect(lines).toHaveLength(2);
  });

  it("says there was none, and what was compared", () => {
    expect(baselineConsoleLines(comparison(r(0, 5000)))).toEqual(["no regression against baseline base (1 compared: session_logouts)"]);
  });
});

