/**
 * Global sensitivity of a decision: which uncertain inputs decide whether one
 * policy beats another. The output of a run is the difference in victims averted
 * per million EUR between the two leading scenarios; the inputs are
 *  - the calibrated parameters, as one group (a particle of the posterior, drawn by
 *    weight: the posterior's parameters are dependent, and Sobol' indices need
 *    independent inputs, so they are one input here);
 *  - each lever input of the two scenarios (unit costs and effect sizes, from their
 *    ranges in the lever evidence);
 *  - chance: the run's random numbers (its seed), an input like the others, so that
 *    the pick-freeze rows share their random numbers unless chance is the input
 *    varied, and the noise of the runs is not charged to every other input.
 * The design is Saltelli's (sobol.ts: first-order and Jansen's total indices with
 * bootstrap intervals), n × (k + 2) rows, each row run on the baseline and the two
 * scenarios.
 */
import { seedKey, Stream } from '../../kernel/rng.ts';
import { designRows, saltelliDesign, sobolIndices, splitOutputs, type SaltelliDesign, type SobolResult } from './sobol.ts';
import { inputQuantile, type UncertainInput } from './uncertainty.ts';

/** Replicate numbers of the sensitivity runs' seeds start here (apart from a comparison's 0, 1, 2, …). */
export const SENSITIVITY_SEEDS = 1_000_000;
/** How many distinct seeds chance draws from. */
const SEED_RANGE = 2 ** 24;
export const POSTERIOR_INPUT = 'calibrated_parameters';
export const CHANCE_INPUT = 'chance';

export interface SensitivityPlan {
  /** Input names: the posterior group, the lever inputs, chance. */
  names: string[];
  design: SaltelliDesign;
  /** Per row (in designRows order): the particle, the lever inputs' values, and the seed's replicate number. */
  particle: number[];
  levers: number[][];
  seed: number[];
}

/** The index whose cumulative weight first exceeds u × the total (u in [0, 1)). */
function byWeight(cumulative: Float64Array, u: number): number {
  const x = u * cumulative[cumulative.length - 1];
  let lo = 0,
    hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The design of n base rows (a power of two) for the given lever inputs and posterior weights, from the seed tree. */
export function sensitivityPlan(o: { n: number; seed: number; weights: number[]; inputs: UncertainInput[] }): SensitivityPlan {
  const k = o.inputs.length + 2;
  const rng = Stream.fromKey(seedKey(o.seed, 'sensitivity'));
  const design = saltelliDesign(k, o.n, () => rng.uniform(), { sequence: 2 * k <= 40 ? 'sobol' : 'random' });
  let c = 0;
  const cumulative = Float64Array.from(o.weights, (w) => (c += w));
  const particle: number[] = [],
    levers: number[][] = [],
    seed: number[] = [];
  for (const x of designRows(design)) {
    particle.push(byWeight(cumulative, x[0]));
    levers.push(o.inputs.map((p, j) => inputQuantile(p, x[1 + j])));
    seed.push(SENSITIVITY_SEEDS + Math.floor(x[k - 1] * SEED_RANGE));
  }
  return { names: [POSTERIOR_INPUT, ...o.inputs.map((p) => p.name), CHANCE_INPUT], design, particle, levers, seed };
}

/** First-order and total indices of y (one value per row, designRows order), with 90% bootstrap intervals. */
export function sensitivityIndices(plan: SensitivityPlan, y: ArrayLike<number>, key: string): SobolResult {
  const { yA, yB, yAB } = splitOutputs(plan.design, y);
  const rng = Stream.fromKey(key);
  return sobolIndices(yA, yB, yAB, { rng: () => rng.uniform(), resamples: 400, level: 0.9 });
}
