/**
 * The upper tail of the standard normal distribution, P(Z > z), for the
 * baseline test's p-value. simple-statistics' cumulativeStdNormalProbability
 * reads a table that stops at 0.9999 (z ≈ 3.7), so 1 − Φ(z) came out as a
 * floor (z = 84 printed p = 1.0e-3). Here erfc is Numerical Recipes' erfcc
 * (a Chebyshev fit, fractional error below 1.2e-7 for every z ≥ 0), kept in
 * logarithms, so the tail stays right where the probability itself is
 * smaller than a double holds (z above ~38: z = 84 is 3.1e-1535).
 */

/** Coefficients of erfcc's polynomial in t = 1 / (1 + x/2), lowest power first. */
const ERFCC = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];

/** ln erfc(x) for x ≥ 0. */
function lnErfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly = ERFCC.reduceRight((acc, c) => c + t * acc, 0);
  return Math.log(t) - x * x + poly;
}

/** P(Z > z) and its base-10 logarithm (finite where p underflows to 0). Pure. */
export function normalTail(z: number): { p: number; log10p: number } {
  if (z < 0) {
    const p = 1 - normalTail(-z).p;
    return { p, log10p: Math.log10(p) };
  }
  const ln = lnErfc(z / Math.SQRT2) - Math.LN2;
  return { p: Math.exp(ln), log10p: ln / Math.LN10 };
}

/** "p = 0.025", "p = 2.9e-7", "p = 3.1e-1535": three decimals down to 0.001, then two digits and the exponent, from the logarithm. Pure. */
export function formatP(tail: { p: number; log10p: number }): string {
  if (tail.p >= 0.001) return `p = ${tail.p.toFixed(3)}`;
  let exponent = Math.floor(tail.log10p);
  let mantissa = 10 ** (tail.log10p - exponent);
  if (+mantissa.toFixed(1) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `p = ${mantissa.toFixed(1)}e${exponent}`;
}
