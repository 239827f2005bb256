/**
 * Comparisons under uncertainty: every run draws the calibrated parameters (a
 * particle of the posterior) and the levers' unit costs and effect sizes (their
 * ranges in data/levers.json) as well as its own random numbers, and every scenario
 * runs with the same draws and seeds (common random numbers). Three sources of
 * variation then move a scenario's difference from the baseline: what the
 * calibration leaves unknown, what the lever evidence leaves unknown, and chance.
 *
 * The design says how much each contributes. It is a pick-freeze design over the
 * two groups of inputs (Sobol's first-order indices of groups, estimated by
 * Jansen's squared differences: Saltelli et al. 2010), with a fourth arm for chance. For each
 * draw d there are four runs, replicate r = 4d + arm:
 *
 *   arm A: posterior θ_d,  levers λ_d,  seed of r
 *   arm B: posterior θ_d,  levers λ'_d, seed of r      (the same calibration, other levers)
 *   arm C: posterior θ'_d, levers λ_d,  seed of r      (the same levers, another calibration)
 *   arm D: posterior θ_d,  levers λ_d,  seed of r      (the same inputs, other random numbers)
 *
 * so that, for a measure Y (a scenario's difference from the baseline) with total
 * variance V over all runs:
 *
 *   E (Y_A − Y_B)² / 2 = E Var[Y | θ]      so the posterior's first-order share is 1 − that / V
 *   E (Y_A − Y_C)² / 2 = E Var[Y | λ]      the levers' first-order share is 1 − that / V
 *   E (Y_A − Y_D)² / 2 = E Var[Y | θ, λ]   chance (the replicates' noise), as a share of V
 *
 * (Jansen's estimators); what is left is the interaction of the two groups.
 *
 * Every run is a draw from the joint distribution, so means and the spread of
 * differences use all four arms; their intervals are taken over draws (the mean of
 * a draw's four runs), which are independent.
 */
import { seedKey, Stream } from '../../kernel/rng.ts';
import { quantileSorted } from '../../kernel/stats.ts';
import { meanInterval, type Interval } from './paired.ts';
import { HEADLINES, avertedPerMillion } from './headline.ts';
import type { CompareResult } from './comparison.ts';
import { describeBox, prim, pruneBox, type PrimData, type PrimResult } from './prim.ts';

/** Runs per draw: the four arms of the design. */
export const ARMS = 4;
export const ARM_NAMES = ['A', 'B', 'C', 'D'] as const;

/** An uncertain input of the levers: what it sets in a scenario and its range. */
export interface UncertainInput {
  name: string;
  paths: string[];
  mode: 'set' | 'scale';
  distribution: 'uniform' | 'log_uniform';
  low: number;
  high: number;
}

/** The input's value at quantile u of its distribution. */
export function inputQuantile(p: Pick<UncertainInput, 'distribution' | 'low' | 'high'>, u: number): number {
  const { low, high } = p;
  return p.distribution === 'uniform' ? low + u * (high - low) : Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
}

export interface Design {
  draws: number;
  /** Per replicate r = 4d + arm: the posterior particle (an index into its rows). */
  particle: number[];
  /** Per replicate: the levers' inputs, in the order of `inputs`. */
  levers: number[][];
}

/**
 * The design of `draws` draws. `particles` gives two particles per draw (θ_d at 2d,
 * θ'_d at 2d + 1), drawn by weight from the seed tree by the caller; the levers'
 * inputs are drawn here from the seed tree (seed, 'levers', d): λ_d then λ'_d, one
 * uniform per input each, so a draw does not depend on the workers or the scenarios.
 */
export function makeDesign(o: { draws: number; seed: number; particles: number[]; inputs: UncertainInput[] }): Design {
  if (o.particles.length < 2 * o.draws) throw new Error(`the design needs ${2 * o.draws} particles, got ${o.particles.length}`);
  const particle: number[] = [];
  const levers: number[][] = [];
  for (let d = 0; d < o.draws; d++) {
    const rng = Stream.fromKey(seedKey(o.seed, 'levers', d));
    const lam = o.inputs.map((p) => inputQuantile(p, rng.uniform()));
    const lam2 = o.inputs.map((p) => inputQuantile(p, rng.uniform()));
    const theta = o.particles[2 * d],
      theta2 = o.particles[2 * d + 1];
    particle.push(theta, theta, theta2, theta);
    levers.push(lam, lam2, lam, lam);
  }
  return { draws: o.draws, particle, levers };
}

/** Shares of a measure's variance by source (they add to 1; estimates can fall slightly outside [0, 1]). */
export interface Decomposition {
  /** Total variance over all runs. */
  variance: number;
  posterior: number;
  levers: number;
  /** Of the posterior and the levers together, beyond their first-order shares. */
  interaction: number;
  /** Chance: the replicates' own random numbers. */
  noise: number;
}

/** Half the mean squared difference of two arms across draws: E Var[Y | what they share] (Jansen's estimator). */
function halfSquaredDifference(y: ArrayLike<number>, a: number, b: number, draws: number): number {
  let c = 0;
  for (let d = 0; d < draws; d++) c += (y[ARMS * d + a] - y[ARMS * d + b]) ** 2;
  return c / (2 * draws);
}

/** The variance decomposition of y (one value per replicate r = 4d + arm). */
export function decompose(y: ArrayLike<number>): Decomposition {
  const draws = Math.floor(y.length / ARMS);
  const n = draws * ARMS;
  let m = 0;
  for (let r = 0; r < n; r++) m += y[r];
  m /= n;
  let v = 0;
  for (let r = 0; r < n; r++) v += (y[r] - m) ** 2;
  v /= n - 1;
  if (!(v > 0) || draws < 2) return { variance: v, posterior: NaN, levers: NaN, interaction: NaN, noise: NaN };
  const posterior = 1 - halfSquaredDifference(y, 0, 1, draws) / v;
  const levers = 1 - halfSquaredDifference(y, 0, 2, draws) / v;
  const noise = halfSquaredDifference(y, 0, 3, draws) / v;
  return { variance: v, posterior, levers, interaction: 1 - noise - posterior - levers, noise };
}

/** Mean of each draw's four runs. */
export function drawMeans(y: ArrayLike<number>): Float64Array {
  const draws = Math.floor(y.length / ARMS);
  return Float64Array.from({ length: draws }, (_, d) => {
    let s = 0;
    for (let a = 0; a < ARMS; a++) s += y[ARMS * d + a];
    return s / ARMS;
  });
}

export const SOURCES = ['posterior', 'levers', 'interaction', 'noise'] as const;
export type Source = (typeof SOURCES)[number];

/**
 * 90% bootstrap intervals of the shares: draws resampled with replacement (a draw's
 * four runs together) `resamples` times, from the seed key given.
 */
export function bootstrapShares(y: ArrayLike<number>, key: string, resamples = 400): Record<Source, [number, number]> {
  const draws = Math.floor(y.length / ARMS);
  const rng = Stream.fromKey(key);
  const x = new Float64Array(draws * ARMS);
  const got: Record<Source, number[]> = { posterior: [], levers: [], interaction: [], noise: [] };
  for (let b = 0; b < resamples; b++) {
    for (let d = 0; d < draws; d++) {
      const from = rng.int(draws);
      for (let a = 0; a < ARMS; a++) x[ARMS * d + a] = y[ARMS * from + a];
    }
    const s = decompose(x);
    for (const k of SOURCES) if (Number.isFinite(s[k])) got[k].push(s[k]);
  }
  const interval = (v: number[]): [number, number] => {
    const sorted = Float64Array.from(v).sort();
    return sorted.length ? [quantileSorted(sorted, 0.05), quantileSorted(sorted, 0.95)] : [NaN, NaN];
  };
  return {
    posterior: interval(got.posterior),
    levers: interval(got.levers),
    interaction: interval(got.interaction),
    noise: interval(got.noise),
  };
}

export interface UncertainDifference {
  /** Mean difference over every run, with its 90% interval over draws. */
  mean: Interval;
  /** 5% and 95% quantiles of the runs' differences: where one run's effect lies, all sources included. */
  p5: number;
  p95: number;
  shares: Decomposition;
  /** 90% bootstrap intervals of the shares. */
  sharesInterval: Record<Source, [number, number]>;
}

/** Summary of a scenario's per-run differences from the baseline (replicate r = 4d + arm); `key` seeds the bootstrap. */
export function uncertainDifference(diff: ArrayLike<number>, key: string): UncertainDifference {
  const sorted = Float64Array.from(diff).sort();
  return {
    mean: meanInterval(drawMeans(diff)),
    p5: quantileSorted(sorted, 0.05),
    p95: quantileSorted(sorted, 0.95),
    shares: decompose(diff),
    sharesInterval: bootstrapShares(diff, key),
  };
}

export interface Decision {
  /** Options compared (scenarios with a positive extra cost). */
  options: string[];
  /** Per option: the probability that it is the most cost-effective. */
  pBest: number[];
  /** rank[i][k]: the probability that option i ranks k-th (0: best). */
  rank: number[][];
  /** Per option: the mean over draws of (the best option's value − its value). */
  loss: number[];
  /** Expected value of perfect information: E[max] − max E, in the value's unit. */
  evpi: number;
  /** Per option: the mean value over draws. */
  mean: number[];
  draws: number;
}

/** The options' indices from the most often best down (then by mean, then as listed). */
export function optionOrder(d: Pick<Decision, 'options' | 'pBest' | 'mean'>): number[] {
  return d.options.map((_, i) => i).sort((a, b) => d.pBest[b] - d.pBest[a] || d.mean[b] - d.mean[a] || a - b);
}

/**
 * The decision view from values[i][d] (option i's value in draw d, larger is better):
 * how often each option is best and at each rank, the expected loss of choosing it
 * rather than the best of each draw, and the expected value of perfect information
 * (what knowing the draw before choosing would gain over choosing the best on
 * average). Ties in a draw go to the first option. Draws where an option's value is
 * not a number are left out for every option.
 */
export function decide(options: string[], values: ArrayLike<number>[]): Decision {
  const k = options.length;
  const n = k ? values[0].length : 0;
  const keep = Array.from({ length: n }, (_, d) => d).filter((d) => values.every((v) => Number.isFinite(v[d])));
  const pBest = new Array<number>(k).fill(0);
  const rank = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const loss = new Array<number>(k).fill(0);
  const mean = new Array<number>(k).fill(0);
  let bestSum = 0;
  for (const d of keep) {
    const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => values[b][d] - values[a][d] || a - b);
    const best = values[order[0]][d];
    bestSum += best;
    pBest[order[0]]++;
    order.forEach((i, at) => rank[i][at]++);
    for (let i = 0; i < k; i++) {
      loss[i] += best - values[i][d];
      mean[i] += values[i][d];
    }
  }
  const m = keep.length;
  const div = (x: number) => (m ? x / m : NaN);
  const means = mean.map(div);
  return {
    options,
    pBest: pBest.map(div),
    rank: rank.map((r) => r.map(div)),
    loss: loss.map(div),
    evpi: m ? div(bestSum) - Math.max(...means) : NaN,
    mean: means,
    draws: m,
  };
}

export interface UncertaintyRow {
  scenario: string;
  metric: string;
  /** The measure's level (its mean with a 90% interval over draws). */
  level: Interval;
  /** Its difference from the baseline, run by run (for the baseline, its level). */
  summary: UncertainDifference;
}

/** The measure the decision compares: true victims averted per million EUR of extra cost. */
export const DECISION_MEASURE = 'averted_per_million';

export interface UncertaintyReport {
  rows: UncertaintyRow[];
  decision: Decision;
  /** values[i][d]: the decision's option i's value in draw d (from arms A and D). */
  values: Float64Array[];
}

/**
 * Per scenario and headline measure: the difference from the baseline of every run
 * (for the baseline, its own values), summarised with its spread and the variance
 * by source; and the decision among the scenarios that cost more than the baseline,
 * on victims averted per million EUR, per draw from the two runs that share its
 * inputs (arms A and D).
 */
export function uncertaintyReport(result: CompareResult, seed: number): UncertaintyReport {
  const base = result.runs[0];
  const k = (name: string) => HEADLINES.findIndex((h) => h.name === name);
  const tv = k('true_victims'),
    cost = k('cost');
  const rows: UncertaintyRow[] = [];
  for (const [i, run] of result.runs.entries()) {
    HEADLINES.forEach((h, m) => {
      const y = run.headline.map((x, r) => (i === 0 ? x[m] : x[m] - base.headline[r][m]));
      const level = meanInterval(drawMeans(run.headline.map((x) => x[m])));
      rows.push({
        scenario: run.name,
        metric: h.name,
        level,
        summary: uncertainDifference(y, seedKey(seed, 'bootstrap', run.name, h.name)),
      });
    });
    if (i === 0) continue;
    const ratio = run.headline.map((x, r) => avertedPerMillion(base.headline[r], x));
    if (ratio.every(Number.isFinite)) {
      const summary = uncertainDifference(ratio, seedKey(seed, 'bootstrap', run.name, DECISION_MEASURE));
      rows.push({ scenario: run.name, metric: DECISION_MEASURE, level: summary.mean, summary });
    }
  }
  const draws = Math.floor(base.headline.length / ARMS);
  const options = result.runs.slice(1).filter((run) => run.headline.every((x, r) => x[cost] - base.headline[r][cost] > 0));
  const values = options.map((run) =>
    Float64Array.from({ length: draws }, (_, d) => {
      const arms = [ARMS * d, ARMS * d + 3];
      const averted = arms.reduce((a, r) => a + base.headline[r][tv] - run.headline[r][tv], 0);
      const extra = arms.reduce((a, r) => a + (run.headline[r][cost] - base.headline[r][cost]) / 1e6, 0);
      return averted / extra;
    }),
  );
  return {
    rows,
    decision: decide(
      options.map((r) => r.name),
      values,
    ),
    values,
  };
}

/** Fewest draws for which the search for where the ranking flips is run (a box of 5% of the draws then holds at least 2). */
export const FLIP_MIN_DRAWS = 40;
/** The density PRIM's box is chosen at and pruned to (prim.ts). */
const FLIP_DENSITY = 0.8;

export interface RankingFlip {
  /** The option most often best, and one that beats it in some draws. */
  leader: string;
  challenger: string;
  /** Draws where the challenger is the more cost-effective. */
  cases: number;
  draws: number;
  prim: PrimResult;
  /** The box read as a sentence. */
  text: string;
}

/**
 * Scenario discovery on the draws (PRIM, prim.ts): for each option that beats the
 * leader (the option most often best) in at least one draw, the box of inputs in
 * which it does: over the draw's posterior parameters and the lever inputs either of
 * the two uses (`inputsFor`, row d for draw d; inputs neither uses can only add
 * noise), chosen at a density of 0.8 and pruned of the restrictions it does not need
 * at that density (pruneBox). With fewer than FLIP_MIN_DRAWS draws, nothing is searched.
 */
export function rankingFlips(
  report: UncertaintyReport,
  inputsFor: (leader: string, challenger: string) => PrimData,
  labels: Readonly<Record<string, string>> = {},
): RankingFlip[] {
  const d = report.decision;
  const lead = d.pBest.indexOf(Math.max(...d.pBest));
  if (d.options.length < 2 || report.values[lead].length < FLIP_MIN_DRAWS) return [];
  const flips: RankingFlip[] = [];
  d.options.forEach((challenger, i) => {
    if (i === lead) return;
    const inputs = inputsFor(d.options[lead], challenger);
    const outcome = Array.from({ length: inputs.rows.length }, (_, k) => report.values[i][k] > report.values[lead][k]);
    const cases = outcome.filter(Boolean).length;
    if (cases === 0) return;
    const result = prim(inputs, outcome);
    const box = pruneBox(inputs, outcome, result.box, FLIP_DENSITY);
    const text = describeBox(box, labels, { outcome: `${challenger} is more cost-effective than ${d.options[lead]}` });
    flips.push({ leader: d.options[lead], challenger, cases, draws: outcome.length, prim: { ...result, box }, text });
  });
  return flips;
}

/**
 * The expected value of partial perfect information of one input: what knowing its
 * value before choosing would add, on average, to choosing the option with the best
 * mean, EVPPI(x) = E_x[max_i E[value_i | x]] − max_i E[value_i]. E[value_i | x] is
 * estimated by grouping the draws into `bins` groups of (nearly) equal size by x
 * (the simplest of the nonparametric regressions Strong, Oakley & Brennan 2014
 * review); with few draws it is biased upward, as every EVPPI estimate from samples
 * is, and is at most the EVPI of the same draws.
 */
export function evppi(values: readonly ArrayLike<number>[], x: ArrayLike<number>, bins = 5): number {
  const n = x.length;
  const order = Array.from({ length: n }, (_, d) => d).sort((a, b) => x[a] - x[b] || a - b);
  const means = values.map((v) => {
    let s = 0;
    for (let d = 0; d < n; d++) s += v[d];
    return s / n;
  });
  let expectedMax = 0;
  for (let b = 0; b < bins; b++) {
    const group = order.slice(Math.floor((b * n) / bins), Math.floor(((b + 1) * n) / bins));
    if (!group.length) continue;
    let best = -Infinity;
    for (const v of values) {
      let s = 0;
      for (const d of group) s += v[d];
      best = Math.max(best, s / group.length);
    }
    expectedMax += (best * group.length) / n;
  }
  return expectedMax - Math.max(...means);
}
