/**
 * Simulation-based calibration (engine/apps/calibration/sbc.ts) on a conjugate toy model whose
 * posterior is known: figures y_j with log(1 + y_j) = mu + 0.5 e_j (j = 1..4, e_j
 * standard normal), so on the calibration's log(1 + x) scale the posterior of mu
 * under its flat prior is Normal(mean of the log figures, 0.5 / 2), cut to the prior.
 *  - With exact posterior draws the ranks are uniform and the intervals cover as
 *    they say; shifted or too narrow posteriors are detected.
 *  - The calibration's ABC-SMC (through recovery.ts, as the real calibration runs it)
 *    passes: its ranks are unbiased and its 50% and 90% intervals cover at least as
 *    often as exact ones would, within binomial bounds. (ABC's posteriors are wider
 *    than the exact one, its tolerance being above zero: with 200 truths the toy's
 *    90% intervals hold about 97% of them and its rank histograms are ∩-shaped, so
 *    uniformity itself is tested on exact posteriors, above.) The same posteriors
 *    shifted by two of their standard deviations fail.
 *  - The result does not depend on how many truths are calibrated at once.
 */
import { describe, expect, it } from 'vitest';
import { Stream } from '../../engine/kernel/rng.ts';
import type { Prior, Target } from '../../engine/apps/calibration/setup.ts';
import {
  binomialRange,
  chiSquaredSurvival,
  coalesce,
  rankBins,
  rankTruth,
  runSbc,
  sbcSummary,
  sbcTruth,
  type SbcTruth,
  type SimulateBatch,
} from '../../engine/apps/calibration/sbc.ts';
import { sbcRankChart } from '../../engine/apps/charts/diagnostics-charts.ts';
import { toPng, toSvg } from '../../engine/apps/charts/render.ts';

const SIGMA = 0.5;
const K = 4;
const mu: Prior = { name: 'mu', paths: ['x'], mode: 'set', distribution: 'uniform', range: [2, 6], reason: 'toy' };
/** A log-uniform parameter too: log(1 + z_j) = log(s) + 0.5 e_j. */
const s: Prior = { name: 's', paths: ['y'], mode: 'set', distribution: 'log_uniform', range: [8, 400], reason: 'toy' };
const target = (metric: string, j: number): Target => ({
  group: metric,
  metric,
  country: 'ALL',
  year: 2000 + j,
  value: 0,
  sigma: 0.3,
  source: 'toy',
});
const targets = [...Array.from({ length: K }, (_, j) => target('y', j)), ...Array.from({ length: K }, (_, j) => target('z', j))];

/** The toy's figures (counts, as the model's are: exp of the log scale minus 1). */
const toy: SimulateBatch = async (thetas, seeds) =>
  thetas.map((t, i) => {
    const e = Stream.fromKey(seeds[i]);
    return Float64Array.from({ length: 2 * K }, (_, j) => Math.expm1((j < K ? t[0] : Math.log(t[1])) + SIGMA * e.normal()));
  });

/** n exact posterior draws of mu given figures y (normal, cut to the prior's range), scaled and shifted by the arguments. */
function exactPosterior(
  y: Float64Array,
  n: number,
  key: string,
  o: { shift?: number; spread?: number } = {},
): { thetas: number[][]; weights: number[] } {
  const mean = Array.from(y.subarray(0, K), (v) => Math.log1p(v)).reduce((a, b) => a + b, 0) / K;
  const sd = SIGMA / Math.sqrt(K);
  const r = Stream.fromKey(key);
  const thetas: number[][] = [];
  while (thetas.length < n) {
    const x = mean + sd * r.normal();
    if (x >= mu.range[0] && x <= mu.range[1]) thetas.push([(o.shift ?? 0) * sd + mean + (o.spread ?? 1) * (x - mean)]);
  }
  return { thetas, weights: new Array(n).fill(1 / n) };
}

describe('simulation-based calibration: the analysis', () => {
  const truths = 300,
    draws = 99;
  const run = async (o: { shift?: number; spread?: number }) => {
    const rows: SbcTruth[] = [];
    for (let t = 0; t < truths; t++) {
      const truth = sbcTruth([mu], 'exact', t);
      const [y] = await toy([truth], [`data-${t}`]);
      const posterior = exactPosterior(y, 400, `post-${t}`, o);
      rows.push({
        index: t,
        truth,
        ...rankTruth([mu], truth, posterior, draws, `rank-${t}`),
        simulations: 0,
        generations: 0,
        tolerance: 0,
        stopped: '',
      });
    }
    return sbcSummary([mu], rows, draws).parameters[0];
  };

  it('finds exact posteriors calibrated: uniform ranks, nominal coverage', async () => {
    const p = await run({});
    expect(p.ok90, `90%: ${p.inside90} of ${p.truths}, expected ${p.range90}`).toBe(true);
    expect(p.ok50, `50%: ${p.inside50} of ${p.truths}, expected ${p.range50}`).toBe(true);
    expect(p.p).toBeGreaterThan(0.001);
    expect(Math.abs(p.meanRank - 0.5)).toBeLessThan(0.06);
    expect(p.histogram.reduce((a, b) => a + b, 0)).toBe(truths);
  });

  it('detects a shifted posterior and a too narrow one', async () => {
    const shifted = await run({ shift: 1 });
    expect(shifted.p).toBeLessThan(1e-6);
    expect(shifted.ok90).toBe(false);
    // Shifted up: the truth sits low in it.
    expect(shifted.meanRank).toBeLessThan(0.4);
    const narrow = await run({ spread: 0.5 });
    expect(narrow.ok90).toBe(false);
    expect(narrow.coverage90).toBeLessThan(0.8);
    expect(narrow.p).toBeLessThan(1e-6);
  });

  it('binomial ranges, chi-squared tails and bins', () => {
    expect(binomialRange(20, 0.9, 0.95)).toEqual([15, 20]);
    expect(binomialRange(20, 0.5, 0.95)).toEqual([6, 14]);
    expect(chiSquaredSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquaredSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 6);
    expect(chiSquaredSurvival(7, 2)).toBeCloseTo(Math.exp(-3.5), 12);
    expect(chiSquaredSurvival(0, 3)).toBe(1);
    expect(rankBins(20, 99)).toBe(4);
    expect(rankBins(300, 99)).toBe(20);
    expect(() => sbcSummary([mu], [], 99, 3)).toThrow(/do not divide/);
  });
});

describe('simulation-based calibration: ABC-SMC on the toy', () => {
  const truths = 30;
  const opts = {
    priors: [mu, s],
    targets,
    simulate: toy,
    seed: 2018,
    truths,
    pilot: 50,
    particles: 100,
    maxSimulations: 1500,
    minAcceptance: 0.03,
    quantile: 0.5,
    minTolChange: 0.02,
  };
  /** Three standard errors of the mean of `truths` uniform ranks. */
  const rankBound = 3 * Math.sqrt(1 / 12 / truths);

  it('covers at least as its intervals say, without bias; shifted posteriors are detected; the same result at any concurrency', async () => {
    const r = await runSbc({ ...opts, concurrency: 8 });
    expect(r.truths).toHaveLength(truths);
    const { parameters, rankBins: bins } = sbcSummary(opts.priors, r.truths, r.draws);
    for (const p of parameters) {
      expect(
        p.inside90,
        `${p.parameter}: ${p.inside90} of ${truths} inside the 90% intervals, exact ones: ${p.range90}`,
      ).toBeGreaterThanOrEqual(p.range90[0]);
      expect(
        p.inside50,
        `${p.parameter}: ${p.inside50} of ${truths} inside the 50% intervals, exact ones: ${p.range50}`,
      ).toBeGreaterThanOrEqual(p.range50[0]);
      expect(Math.abs(p.meanRank - 0.5), `${p.parameter}: mean rank ${p.meanRank}, ranks ${p.histogram}`).toBeLessThan(rankBound);
    }
    expect(bins).toHaveLength(2 * 5);
    // Budget: pilot, then each truth's data and ABC within its cap.
    for (const t of r.truths) expect(t.simulations).toBeLessThanOrEqual(opts.maxSimulations + 1);
    expect(r.simulations).toBe(50 + r.truths.reduce((a, t) => a + t.simulations, 0));

    // A deliberately broken posterior: each shifted up by two of its standard deviations.
    const broken = r.truths.map((t, i) => {
      const post = r.posteriors[i]!;
      const sd = [0, 1].map((j) => {
        const m = post.thetas.reduce((a, x, n) => a + post.weights[n] * x[j], 0);
        return Math.sqrt(post.thetas.reduce((a, x, n) => a + post.weights[n] * (x[j] - m) ** 2, 0));
      });
      const thetas = post.thetas.map((x) => x.map((v, j) => v + 2 * sd[j]));
      return { ...t, ...rankTruth(opts.priors, t.truth, { thetas, weights: post.weights }, r.draws, `broken-${i}`) };
    });
    for (const p of sbcSummary(opts.priors, broken, r.draws).parameters) {
      expect(p.inside90, `${p.parameter}: ${p.inside90} of ${truths}`).toBeLessThan(p.range90[0]);
      expect(p.meanRank).toBeLessThan(0.5 - rankBound);
      expect(p.p).toBeLessThan(1e-4);
    }

    // The same truths one at a time (no merged batches): the same result.
    const one = await runSbc({ ...opts, truths: 6, concurrency: 1 });
    expect(one.truths).toEqual(r.truths.slice(0, 6));

    // The chart: one panel per parameter.
    const svg = await toSvg(sbcRankChart(bins, { truths, draws: r.draws }));
    for (const p of opts.priors) expect(svg).toContain(`>${p.name}</text>`);
    expect(svg).toContain('>Rank of the truth among 99 posterior draws</text>');
    expect(toPng(svg).length).toBeGreaterThan(1000);
  }, 60_000);

  it('coalesce merges concurrent calls into one batch and gives each its own statistics', async () => {
    const sizes: number[] = [];
    const merged = coalesce(toy, (n) => sizes.push(n));
    const [a, b] = await Promise.all([
      merged([[3, 10]], ['a']),
      merged(
        [
          [4, 20],
          [5, 30],
        ],
        ['b', 'c'],
      ),
    ]);
    expect(sizes).toEqual([3]);
    expect(a).toEqual(await toy([[3, 10]], ['a']));
    expect(b).toEqual(
      await toy(
        [
          [4, 20],
          [5, 30],
        ],
        ['b', 'c'],
      ),
    );
  });
});
