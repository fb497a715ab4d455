import { describe, expect, it } from "vitest";
import { formatP, normalTail } from "../../../harness/report/normalTail";

// Reference values from mpmath's ncdf at 50 digits.
describe("normalTail: P(Z > z) however far out", () => {
  it.each([
    [0, 0.5, -0.301029995663981],
    [1.96, 0.0249978951482204, -1.60209655788785],
    [2.326, 0.0100092753408677, -1.9995973637649],
    [5, 2.86651571879194e-7, -6.54264567239065],
    [10, 7.61985302416053e-24, -23.1180534054861],
  ])("z = %f: p = %f", (z, p, log10p) => {
    const t = normalTail(z);
    expect(Math.abs(t.p - p) / p).toBeLessThan(2e-7);
    expect(t.log10p).toBeCloseTo(log10p, 6);
  });

  it("z = 84: the probability underflows a double, its logarithm does not (3.06e-1535)", () => {
    const t = normalTail(84);
    expect(t.p).toBe(0);
    expect(t.log10p).toBeCloseTo(-1534.51436290279, 5);
    expect(formatP(t)).toBe("p = 3.1e-1535");
  });

  it("below the mean: the other side", () => {
    expect(normalTail(-1.96).p).toBeCloseTo(1 - 0.0249978951482204, 7);
  });

  it("prints three decimals down to 0.001, then the exponent, never a floor", () => {
    expect(formatP(normalTail(0))).toBe("p = 0.500");
    expect(formatP(normalTail(1.96))).toBe("p = 0.025");
    expect(formatP(normalTail(5))).toBe("p = 2.9e-7");
    expect(formatP(normalTail(37))).toBe("p = 5.7e-300");
    expect(formatP({ p: 0.000999999, log10p: Math.log10(0.000999999) })).toBe("p = 1.0e-3");
  });
});
