/**
 * Summary statistics and distance for the calibration. A simulated replicate is
 * reduced to one number per target (the target's metric, country and year, from the
 * yearly series); simulation and data are compared on the log(1 + x) scale, each
 * statistic divided by a scale (its spread across simulations, as ABC practice
 * does, so that no target dominates by its units), and the distance is the root of
 * the mean squared scaled difference.
 */
import { quantileSorted } from '../../kernel/stats.ts';
import { clockYears, type Clock } from '../../kernel/clock.ts';
import { yearlySeries } from '../../runner/outputs.ts';
import { reporterIndex } from '../../model/metrics.ts';
import type { ReplicateResult } from '../../model/step.ts';
import { COUNTRY_CODES, NC } from '../../kernel/scenario/countries.ts';
import type { Target } from './setup.ts';

/** The replicate's value for each target, in target order (NaN where the year is outside the run). */
export function statistics(result: ReplicateResult, clock: Clock, targets: Target[]): Float64Array {
  const yearly = yearlySeries(result, clock);
  const years = clockYears(clock);
  const out = new Float64Array(targets.length);
  targets.forEach((t, i) => {
    const m = reporterIndex.get(t.metric);
    const y = years.indexOf(t.year);
    const c = t.country === 'ALL' ? NC : (COUNTRY_CODES as readonly string[]).indexOf(t.country);
    out[i] = m === undefined || y < 0 || c < 0 ? NaN : yearly[m][y * (NC + 1) + c];
  });
  return out;
}

const log1p = (x: number) => Math.log1p(Math.max(0, x));

/**
 * Scale of each statistic on the log(1 + x) scale: the median absolute deviation
 * (× 1.4826, the normal-consistent factor) across simulations, or the target's
 * error sigma where the simulations do not vary (or when there are too few).
 */
export function statisticScales(simulated: Float64Array[], targets: Target[]): Float64Array {
  const scales = new Float64Array(targets.length);
  for (let i = 0; i < targets.length; i++) {
    const xs = simulated
      .map((s) => log1p(s[i]))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const med = median(xs);
    const mad = 1.4826 * median(xs.map((x) => Math.abs(x - med)).sort((a, b) => a - b));
    scales[i] = xs.length >= 5 && mad > 0 ? mad : targets[i].sigma;
  }
  return scales;
}

function median(sorted: number[]): number {
  if (sorted.length === 0) return NaN;
  const h = sorted.length >> 1;
  return sorted.length % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/** Root mean squared scaled difference between simulated statistics and the targets' values. */
export function distance(simulated: Float64Array, targets: Target[], scales: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) {
    const d = (log1p(simulated[i]) - log1p(targets[i].value)) / scales[i];
    sum += d * d;
  }
  return Math.sqrt(sum / targets.length);
}

/**
 * Fit scores of a set of simulated series against the targets, per group:
 * averaged relative difference (ARD, as Flee reports: mean over points of
 * |median sim − data| / data, data > 0 only), mean absolute log ratio (on log(1 + x)),
 * and the share of target points inside the simulations' 90% band (5% to 95%).
 */
export function fitScores(
  simulated: Float64Array[],
  targets: Target[],
): Map<string, { ard: number; malr: number; inside90: number; points: number }> {
  const groups = new Map<string, number[]>();
  targets.forEach((t, i) => groups.set(t.group, [...(groups.get(t.group) ?? []), i]));
  const out = new Map<string, { ard: number; malr: number; inside90: number; points: number }>();
  for (const [group, idx] of groups) {
    let ard = 0,
      ardN = 0,
      malr = 0,
      inside = 0;
    for (const i of idx) {
      const xs = simulated.map((s) => s[i]).sort((a, b) => a - b);
      const med = median(xs);
      const lo = quantileSorted(xs, 0.05),
        hi = quantileSorted(xs, 0.95);
      const x = targets[i].value;
      if (x > 0) {
        ard += Math.abs(med - x) / x;
        ardN++;
      }
      malr += Math.abs(log1p(med) - log1p(x));
      if (x >= lo && x <= hi) inside++;
    }
    out.set(group, { ard: ardN ? ard / ardN : NaN, malr: malr / idx.length, inside90: inside / idx.length, points: idx.length });
  }
  return out;
}
