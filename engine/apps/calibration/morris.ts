/**
 * Morris elementary-effects screening (Morris 1991; Campolongo et al. 2007's mu*).
 *
 * Parameters are mapped to the unit cube (each by its prior's quantile function,
 * setup.ts priorQuantile). A trajectory starts at a random point of a grid of
 * `levels` levels and moves one parameter at a time, in random order, by
 * Δ = levels / (2 (levels − 1)), up or down so that it stays in [0, 1]. The
 * elementary effect of parameter i on a trajectory is (y(after) − y(before)) / Δ in
 * the direction of the step; mu* is the mean of their absolute values (how much the
 * parameter matters), sigma their standard deviation (interactions, non-linearity).
 * All draws come from the stream given, so a design is reproducible from its seed.
 */
import type { Stream } from '../../kernel/rng.ts';

export interface Trajectory {
  /** k + 1 points in the unit cube, each of k coordinates. */
  points: Float64Array[];
  /** The parameter changed between point j and j + 1. */
  order: number[];
  /** The signed step (+Δ or −Δ) taken for each parameter, by parameter index. */
  step: Float64Array;
}

export function morrisDesign(k: number, trajectories: number, levels: number, draw: Stream): Trajectory[] {
  if (levels < 2 || levels % 2 !== 0) throw new Error(`Morris levels must be an even number ≥ 2, found ${levels}`);
  const delta = levels / (2 * (levels - 1));
  const out: Trajectory[] = [];
  for (let t = 0; t < trajectories; t++) {
    const start = new Float64Array(k);
    // Base levels from the lower half of the grid allow a step up; a random sign then
    // flips some steps down from the upper half, which keeps every point on the grid.
    const step = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const up = draw.uniform() < 0.5;
      const base = draw.int(levels / 2) / (levels - 1);
      start[i] = up ? base : base + delta;
      step[i] = up ? delta : -delta;
    }
    const order = Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = draw.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const points = [start];
    for (const i of order) {
      const next = Float64Array.from(points[points.length - 1]);
      next[i] += step[i];
      points.push(next);
    }
    out.push({ points, order, step });
  }
  return out;
}

export interface MorrisResult {
  /** Mean absolute elementary effect, per parameter. */
  muStar: Float64Array;
  /** Mean elementary effect (signed). */
  mu: Float64Array;
  /** Standard deviation of the elementary effects (n − 1 denominator). */
  sigma: Float64Array;
}

/** Effects from the outputs y[t][j] at each trajectory's points. */
export function morrisEffects(design: Trajectory[], y: number[][]): MorrisResult {
  const k = design[0].order.length;
  const effects: number[][] = Array.from({ length: k }, () => []);
  design.forEach((tr, t) => {
    tr.order.forEach((i, j) => effects[i].push((y[t][j + 1] - y[t][j]) / tr.step[i]));
  });
  const muStar = new Float64Array(k),
    mu = new Float64Array(k),
    sigma = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const e = effects[i];
    const m = e.reduce((a, b) => a + b, 0) / e.length;
    mu[i] = m;
    muStar[i] = e.reduce((a, b) => a + Math.abs(b), 0) / e.length;
    sigma[i] = e.length > 1 ? Math.sqrt(e.reduce((a, b) => a + (b - m) ** 2, 0) / (e.length - 1)) : 0;
  }
  return { muStar, mu, sigma };
}
