/**
 * Summary statistics of a sample, shared by the outputs' summary and the
 * calibration: the mean, and the quantile of sorted values by linear interpolation
 * between order statistics (type 7 of Hyndman and Fan, R's default), computed as
 * mathjs's quantileSeq computes it, (1 − f) × x[⌊h⌋] + f × x[⌊h⌋ + 1] with
 * h = q (n − 1), so that summaries are what they were when mathjs computed them;
 * and log Γ, for the distributions of test statistics (engine/apps/calibration/sbc.ts,
 * engine/bench/distribution.ts).
 */

/** The mean of the values, summed in order (NaN for none). */
export function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return xs.length ? sum / xs.length : NaN;
}

/** Quantile q of sorted values (type 7; NaN for none). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = q * (n - 1);
  const i = Math.floor(h);
  const f = h % 1;
  if (f === 0) return sorted[h];
  return sorted[i] * (1 - f) + sorted[i + 1] * f;
}

/**
 * Weighted quantile q (in [0, 1]) of values with non-negative weights (any total),
 * by one of two definitions, both named where they are used:
 *  - 'step': the smallest value whose cumulative weight reaches q × the total, i.e.
 *    the inverse of the weighted empirical distribution. Its result is always one of
 *    the values: ABC-SMC's tolerance, which must be a distance some particle has.
 *  - 'midpoint': each value placed at the midpoint of its cumulative weight (Hazen's
 *    plotting positions, weighted), linear between them and held at the extremes: a
 *    smooth summary of a posterior (its median, its 5% and 95% quantiles).
 */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number, method: 'step' | 'midpoint'): number {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  let c = 0;
  if (method === 'step') {
    for (const i of order) {
      c += weights[i];
      if (c >= q * total - 1e-12) return values[i];
    }
    return values[order[n - 1]];
  }
  let px = NaN,
    pc = NaN;
  for (const i of order) {
    const at = (c + weights[i] / 2) / total;
    c += weights[i];
    if (q <= at) return Number.isNaN(px) ? values[i] : px + ((q - pc) / (at - pc)) * (values[i] - px);
    px = values[i];
    pc = at;
  }
  return values[order[n - 1]];
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; about 15 digits). */
export function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
