/**
 * Paired comparisons under common random numbers: replicate r of every scenario
 * runs from the same seed tree, so the difference scenario − baseline of replicate r
 * cancels most of the noise the two share. Means and differences are reported with
 * 90% t intervals over replicates.
 */
import { mean, quantileSorted } from '../../kernel/stats.ts';

/** Quantile p of Student's t with df degrees of freedom (Cornish-Fisher expansion; exact to ~1e-3 for df ≥ 3). */
export function tQuantile(p: number, df: number): number {
  const z = normalQuantile(p);
  const z3 = z ** 3,
    z5 = z ** 5,
    z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/** Quantile of the standard normal (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5,
    r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

export interface Interval {
  mean: number;
  lo: number;
  hi: number;
  /** Half-width of the interval. */
  half: number;
  n: number;
}

/** Mean of xs with its two-sided t interval at `level` (default 90%); one value gives a zero-width interval. */
export function meanInterval(xs: ArrayLike<number>, level = 0.9): Interval {
  const n = xs.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i];
  m /= n;
  if (n < 2) return { mean: m, lo: m, hi: m, half: 0, n };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i] - m) ** 2;
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(ss / (n - 1) / n);
  return { mean: m, lo: m - half, hi: m + half, half, n };
}

/** Paired differences a[r] − b[r], with their mean interval. */
export function pairedDifference(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.9): Interval {
  if (a.length !== b.length) throw new Error(`paired samples differ in length: ${a.length} and ${b.length}`);
  return meanInterval(
    Float64Array.from(a, (x, r) => x - b[r]),
    level,
  );
}

/** Mean and the 5% and 95% quantiles (linear interpolation) across replicates: the spread of a series, not the precision of its mean. */
export function spread(xs: ArrayLike<number>): { mean: number; lo: number; hi: number } {
  const s = Float64Array.from(xs).sort();
  return { mean: mean(s), lo: quantileSorted(s, 0.05), hi: quantileSorted(s, 0.95) };
}
