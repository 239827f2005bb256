/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari, Gelman 2018,
 * "Validating Bayesian inference algorithms with simulation-based calibration"):
 * draw truths from the prior, simulate synthetic figures from each, calibrate each
 * with the same ABC-SMC as the real calibration (engine/apps/calibration/recovery.ts, with a
 * smaller budget), and check that the truths sit in their posteriors as draws of
 * the posterior would. If the inference is right, averaged over the prior:
 *  - the rank of the truth among L posterior draws is uniform on 0..L;
 *  - the central 50% and 90% credible intervals hold the truth 50% and 90% of the time.
 *
 * Ranks with weighted particles: L draws are resampled from the last ABC generation
 * by weight (apply.ts drawByWeight, from the seed tree), and the rank is the number
 * of them below the truth (ties, which need a truth equal to a particle, are split
 * at random). The weighted posterior CDF at the truth (the share of weight below
 * it) is reported beside it. Credible intervals are the weighted quantiles of the
 * calibration's summaries (report.ts summarise: q25-q75, q05-q95).
 *
 * What the diagnostic says of ABC: a posterior that is too wide (a tolerance that
 * cannot reach zero, a budget that stops early) puts the truth in the middle too
 * often (a ∩-shaped histogram, coverage above nominal: conservative, not wrong);
 * too narrow gives a ∪ shape and coverage below nominal; a biased one a slope.
 *
 * Reproducible: truth t is drawn from its own stream of the seed tree (seed, 'sbc',
 * 'truth', t) and recovered with seed key (seed, 'sbc', t), whatever the number of
 * workers and of truths calibrated at once (their simulations are merged into
 * shared batches on the worker pool: `coalesce`).
 */
import { Stream, seedKey } from '../../kernel/rng.ts';
import { logGamma } from '../../kernel/stats.ts';
import { drawByWeight } from './draw.ts';
import { recoverWith, type AbcRunSettings } from './recovery.ts';
import { summarise } from './results.ts';
import { priorQuantile, type Prior } from './setup.ts';
import { statisticScales } from './statistics.ts';
import type { RankBin } from '../charts/diagnostics-charts.ts';

/** Statistics per target of candidates (natural-scale parameter values), each run with its own seed key. */
export type SimulateBatch = (thetas: number[][], seeds: string[]) => Promise<Float64Array[]>;

/** The pilot is shared by every truth; maxSimulations caps each truth's ABC. */
export interface SbcOptions extends AbcRunSettings {
  simulate: SimulateBatch;
  /** How many truths to draw from the prior. */
  truths: number;
  /** Posterior draws the truth is ranked among (default 99: ranks 0..99). */
  draws?: number;
  /** Truths calibrated at once (default 1); their batches are merged (`coalesce`). */
  concurrency?: number;
  /** Resuming: the pilot's scales and truths already done (by index). */
  scales?: number[];
  done?: SbcTruth[];
  onPilot?: (scales: number[], simulations: number) => void;
  onTruth?: (t: SbcTruth) => void;
}

/** One truth: where it fell in its posterior, per parameter. */
export interface SbcTruth {
  index: number;
  truth: number[];
  /** Rank of the truth among `draws` posterior draws resampled by weight: 0..draws. */
  ranks: number[];
  /** Weighted posterior CDF at the truth: the share of weight below it. */
  cdf: number[];
  inside50: boolean[];
  inside90: boolean[];
  median: number[];
  shrinkage: number[];
  simulations: number;
  generations: number;
  tolerance: number;
  stopped: string;
}

export interface SbcResult {
  truths: SbcTruth[];
  /** Each truth's last ABC generation (undefined for truths resumed from a checkpoint). */
  posteriors: ({ thetas: number[][]; weights: number[] } | undefined)[];
  scales: number[];
  /** Every simulation the result rests on: pilot, and each truth's data and ABC. */
  simulations: number;
  pilotSimulations: number;
  draws: number;
}

/** The truth of index t: one draw from the prior, from its own stream. */
export function sbcTruth(priors: Prior[], seed: number | string, t: number): number[] {
  const draw = Stream.fromKey(seedKey(seed, 'sbc', 'truth', t));
  return priors.map((p) => priorQuantile(p, draw.uniform()));
}

/**
 * Where a truth falls in a weighted posterior, per parameter: its rank among
 * `draws` draws resampled by weight (from seed key `key`), the weighted CDF at it,
 * and whether the central 50% and 90% credible intervals hold it.
 */
export function rankTruth(
  priors: Prior[],
  truth: number[],
  posterior: { thetas: number[][]; weights: number[] },
  draws: number,
  key: string,
) {
  const picked = drawByWeight(posterior.weights, draws, seedKey(key, 'resample'));
  const total = posterior.weights.reduce((a, b) => a + b, 0);
  const ties = Stream.fromKey(seedKey(key, 'ties'));
  const summary = summarise(priors, posterior.thetas, posterior.weights);
  return {
    ranks: priors.map((_, i) => {
      let below = 0,
        equal = 0;
      for (const n of picked) {
        const x = posterior.thetas[n][i];
        if (x < truth[i]) below++;
        else if (x === truth[i]) equal++;
      }
      return below + (equal ? ties.int(equal + 1) : 0);
    }),
    cdf: priors.map(
      (_, i) =>
        posterior.thetas.reduce(
          (a, t, n) => a + (t[i] < truth[i] ? posterior.weights[n] : t[i] === truth[i] ? posterior.weights[n] / 2 : 0),
          0,
        ) / total,
    ),
    inside50: summary.map((s, i) => truth[i] >= s.q25 && truth[i] <= s.q75),
    inside90: summary.map((s, i) => truth[i] >= s.q05 && truth[i] <= s.q95),
    median: summary.map((s) => s.median),
    shrinkage: summary.map((s) => s.shrinkage),
  };
}

/**
 * A simulator that merges the calls made while a batch runs into the next batch:
 * one batch at a time, each over the whole worker pool, so that several ABC runs
 * share it without waiting for each other's stragglers or starting a pool each.
 * Each call gets back its own statistics, in its order.
 */
export function coalesce(simulate: SimulateBatch, onBatch?: (size: number) => void): SimulateBatch {
  type Job = { thetas: number[][]; seeds: string[]; resolve: (s: Float64Array[]) => void; reject: (e: unknown) => void };
  let queue: Job[] = [];
  let running = false;
  const schedule = () =>
    setImmediate(() => {
      if (!running && queue.length) void flush();
    });
  const flush = async () => {
    const jobs = queue;
    queue = [];
    running = true;
    try {
      const thetas = jobs.flatMap((j) => j.thetas);
      onBatch?.(thetas.length);
      const out = await simulate(
        thetas,
        jobs.flatMap((j) => j.seeds),
      );
      let at = 0;
      for (const j of jobs) {
        j.resolve(out.slice(at, at + j.thetas.length));
        at += j.thetas.length;
      }
    } catch (e) {
      for (const j of jobs) j.reject(e);
    }
    running = false;
    // The callers just served ask again (in microtasks) before the next batch starts.
    schedule();
  };
  return (thetas, seeds) =>
    new Promise((resolve, reject) => {
      queue.push({ thetas, seeds, resolve, reject });
      if (!running && queue.length === 1) schedule();
    });
}

/** Runs the task for each index, at most `concurrency` at a time. */
async function lanes<T>(indices: number[], concurrency: number, task: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    // After a failure no lane starts another task.
    while (next < indices.length && !failed)
      await task(indices[next++]).catch((e) => {
        failed = true;
        throw e;
      });
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, indices.length)) }, lane));
}

export async function runSbc(o: SbcOptions): Promise<SbcResult> {
  const draws = o.draws ?? 99;
  if (!(o.truths >= 1)) throw new RangeError('sbc: expected at least one truth');
  if (!(o.maxSimulations >= 2 * o.particles))
    throw new RangeError(
      `sbc: a budget of ${o.maxSimulations} simulations per truth cannot make two generations of ${o.particles} particles`,
    );
  const simulate = (o.concurrency ?? 1) > 1 ? coalesce(o.simulate) : o.simulate;
  let scales = o.scales;
  let pilotSimulations = 0;
  if (!scales) {
    const pilot = Array.from({ length: o.pilot }, (_, i) => {
      const draw = Stream.fromKey(seedKey(o.seed, 'sbc', 'pilot', i, 'theta'));
      return o.priors.map((p) => priorQuantile(p, draw.uniform()));
    });
    scales = Array.from(
      statisticScales(
        await o.simulate(
          pilot,
          pilot.map((_, i) => seedKey(o.seed, 'sbc', 'pilot', i)),
        ),
        o.targets,
      ),
    );
    pilotSimulations = o.pilot;
    o.onPilot?.(scales, pilotSimulations);
  }
  const truths: SbcTruth[] = new Array(o.truths);
  const posteriors: SbcResult['posteriors'] = new Array(o.truths).fill(undefined);
  for (const t of o.done ?? []) if (t.index < o.truths) truths[t.index] = t;
  const todo = Array.from({ length: o.truths }, (_, i) => i).filter((i) => !truths[i]);
  const scaleArray = Float64Array.from(scales);
  await lanes(todo, o.concurrency ?? 1, async (t) => {
    const truth = sbcTruth(o.priors, o.seed, t);
    const key = seedKey(o.seed, 'sbc', t);
    const r = await recoverWith({
      priors: o.priors,
      targets: o.targets,
      truth,
      seed: key,
      simulate,
      pilot: 0,
      scales: scaleArray,
      particles: o.particles,
      maxSimulations: o.maxSimulations,
      maxGenerations: o.maxGenerations,
      minAcceptance: o.minAcceptance,
      quantile: o.quantile,
      minTolChange: o.minTolChange,
    });
    const result: SbcTruth = {
      index: t,
      truth,
      ...rankTruth(o.priors, truth, r.posterior, draws, key),
      simulations: r.simulations,
      generations: r.generations,
      tolerance: r.tolerance,
      stopped: r.stopped,
    };
    truths[t] = result;
    posteriors[t] = r.posterior;
    o.onTruth?.(result);
  });
  const simulations = pilotSimulations + truths.reduce((a, t) => a + t.simulations, 0);
  return { truths, posteriors, scales, simulations, pilotSimulations, draws };
}

// ---------------------------------------------------------------------------
// Analysis: coverage, rank histograms, uniformity

export interface SbcParameterSummary {
  parameter: string;
  truths: number;
  inside50: number;
  inside90: number;
  coverage50: number;
  coverage90: number;
  /** Counts of truths inside that exact intervals give 95% of the time: the central 95% of Binomial(truths, 0.5 or 0.9). */
  range50: [number, number];
  range90: [number, number];
  ok50: boolean;
  ok90: boolean;
  /** Mean of rank / draws (0.5 for an unbiased posterior; above: the truth tends to lie above its posterior). */
  meanRank: number;
  /** Counts of ranks per bin (bins of equal numbers of rank values). */
  histogram: number[];
  /** Pearson's chi-squared of the histogram against uniform, its degrees of freedom and p-value. */
  chi2: number;
  df: number;
  p: number;
}

/** One bin of one parameter's rank histogram, as the chart draws it (engine/apps/charts/diagnostics-charts.ts). */
export type RankBinRow = RankBin;

/** Bins for `truths` ranks among `draws` draws: a divisor of draws + 1 (equal bins), about five truths a bin, 2 to 20. */
export function rankBins(truths: number, draws: number): number {
  const want = Math.max(2, Math.min(20, Math.floor(truths / 5)));
  for (let b = want; b >= 2; b--) if ((draws + 1) % b === 0) return b;
  return 1;
}

export function sbcSummary(
  priors: Prior[],
  truths: SbcTruth[],
  draws: number,
  bins = rankBins(truths.length, draws),
): { parameters: SbcParameterSummary[]; rankBins: RankBinRow[]; bins: number } {
  if ((draws + 1) % bins !== 0) throw new RangeError(`sbc: ${bins} bins do not divide the ${draws + 1} possible ranks evenly`);
  const n = truths.length;
  const width = (draws + 1) / bins;
  const expected = n / bins;
  const [lo99, hi99] = binomialRange(n, 1 / bins, 0.99);
  const range50 = binomialRange(n, 0.5, 0.95);
  const range90 = binomialRange(n, 0.9, 0.95);
  const rows: RankBinRow[] = [];
  const parameters = priors.map((p, i) => {
    const histogram = new Array<number>(bins).fill(0);
    for (const t of truths) histogram[Math.floor(t.ranks[i] / width)]++;
    histogram.forEach((count, b) =>
      rows.push({ parameter: p.name, bin: b, binStart: b * width, binEnd: (b + 1) * width, count, expected, lo99, hi99 }),
    );
    const chi2 = histogram.reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
    const inside50 = truths.filter((t) => t.inside50[i]).length;
    const inside90 = truths.filter((t) => t.inside90[i]).length;
    return {
      parameter: p.name,
      truths: n,
      inside50,
      inside90,
      coverage50: inside50 / n,
      coverage90: inside90 / n,
      range50,
      range90,
      ok50: inside50 >= range50[0] && inside50 <= range50[1],
      ok90: inside90 >= range90[0] && inside90 <= range90[1],
      meanRank: truths.reduce((a, t) => a + t.ranks[i] / draws, 0) / n,
      histogram,
      chi2,
      df: bins - 1,
      p: chiSquaredSurvival(chi2, bins - 1),
    };
  });
  return { parameters, rankBins: rows, bins };
}

/** The central `level` of Binomial(n, p) as counts [lo, hi]: P(X < lo) ≤ (1 − level) / 2 and P(X > hi) ≤ (1 − level) / 2. */
export function binomialRange(n: number, p: number, level: number): [number, number] {
  const a = (1 - level) / 2;
  let cdf = 0,
    lo = -1,
    hi = n;
  for (let k = 0; k <= n; k++) {
    cdf += binomialPmf(n, p, k);
    if (lo < 0 && cdf > a) lo = k;
    if (cdf >= 1 - a - 1e-12) {
      hi = k;
      break;
    }
  }
  return [Math.max(0, lo), hi];
}

function binomialPmf(n: number, p: number, k: number): number {
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X > x) for X chi-squared with df degrees of freedom: the regularised upper incomplete gamma Q(df / 2, x / 2). */
export function chiSquaredSurvival(x: number, df: number): number {
  if (!(x > 0)) return 1;
  const a = df / 2,
    z = x / 2;
  const front = Math.exp(-z + a * Math.log(z) - logGamma(a));
  if (z < a + 1) {
    // Series for P(a, z) (Numerical Recipes, gser).
    let sum = 1 / a,
      term = sum;
    for (let n = 1; n < 1000 && Math.abs(term) > 1e-15 * Math.abs(sum); n++) sum += term *= z / (a + n);
    return Math.max(0, 1 - sum * front);
  }
  // Continued fraction for Q(a, z) (Numerical Recipes, gcf; modified Lentz).
  const tiny = 1e-300;
  let b = z + 1 - a,
    c = 1 / tiny,
    d = 1 / b,
    h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, front * h);
}
