/**
 * Summary statistics of a sample, shared by the outputs' summary and the
 * calibration: the mean, and the quantile of sorted values by linear interpolation
 * between order statistics (type 7 of Hyndman and Fan, R's default), computed as
 * mathjs's quantileSeq computes it, (1 − f) × x[⌊h⌋] + f × x[⌊h⌋ + 1] with
 * h = q (n − 1), so that summaries are what they were when mathjs computed them.
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
