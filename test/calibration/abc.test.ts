/**
 * ABC-SMC on a toy model with a known posterior: y ~ Normal(theta, 1), one
 * observation y = 3, flat prior on [-10, 10], so the posterior is about Normal(3, 1).
 * Also: the posterior does not depend on the order candidates are simulated in, and
 * is the same from the same seed.
 */
import { describe, expect, it } from 'vitest';
import { abcSmc, type Simulate } from '../../engine/apps/calibration/abc.ts';
import { weightedQuantile } from '../../engine/kernel/stats.ts';
import type { Prior } from '../../engine/apps/calibration/setup.ts';
import { Stream } from '../../engine/kernel/rng.ts';

const flat: Prior = { name: 'theta', paths: ['x'], mode: 'set', distribution: 'uniform', range: [-10, 10], reason: 'toy' };
const logScale: Prior = { name: 'scale', paths: ['y'], mode: 'set', distribution: 'log_uniform', range: [0.1, 10], reason: 'toy' };

/** Statistic y_sim ~ Normal(theta, 1), from each candidate's own seed; distance |y_sim - 3| / scale. */
const toy: Simulate = async (thetas, seeds) => thetas.map((t, i) => Float64Array.of(t[0] + Stream.fromKey(seeds[i]).normal()));
/** The same, simulated in reverse order (as a worker pool might finish them). */
const toyReversed: Simulate = async (thetas, seeds) => {
  const out = new Array<Float64Array>(thetas.length);
  for (let i = thetas.length - 1; i >= 0; i--) out[i] = Float64Array.of(thetas[i][0] + Stream.fromKey(seeds[i]).normal());
  return out;
};
const fixed = { distance: (st: Float64Array, sc: Float64Array) => Math.abs(st[0] - 3) / sc[0], scales: Float64Array.of(1) };

const mean = (g: { thetas: number[][]; weights: number[] }, i = 0) => g.thetas.reduce((a, t, n) => a + g.weights[n] * t[i], 0);
const sd = (g: { thetas: number[][]; weights: number[] }, i = 0) => {
  const m = mean(g, i);
  return Math.sqrt(g.thetas.reduce((a, t, n) => a + g.weights[n] * (t[i] - m) ** 2, 0));
};

describe('ABC-SMC', () => {
  it('recovers a known posterior: mean near 3, spread near 1, tolerances falling', async () => {
    const r = await abcSmc({ priors: [flat], simulate: toy, ...fixed, seed: 1, particles: 300, maxGenerations: 6 });
    const last = r.generations[r.generations.length - 1];
    expect(r.generations.length).toBeGreaterThanOrEqual(4);
    for (let g = 2; g < r.generations.length; g++) expect(r.generations[g].tolerance).toBeLessThan(r.generations[g - 1].tolerance);
    expect(Math.abs(mean(last) - 3)).toBeLessThan(0.3);
    expect(sd(last)).toBeGreaterThan(0.6);
    expect(sd(last)).toBeLessThan(1.6);
    expect(last.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(last.thetas).toHaveLength(300);
  });

  it('gives the same posterior from the same seed, whatever order candidates are simulated in', async () => {
    const opts = { priors: [flat, logScale], ...fixed, seed: 7, particles: 50, maxGenerations: 3 };
    const a = await abcSmc({ ...opts, simulate: toy });
    const b = await abcSmc({ ...opts, simulate: toyReversed });
    expect(b).toEqual(a);
    const c = await abcSmc({ ...opts, seed: 8, simulate: toy });
    expect(c.generations[1].thetas).not.toEqual(a.generations[1].thetas);
  });

  it('stops at the simulation cap, inside a generation too', async () => {
    const r = await abcSmc({
      priors: [flat],
      simulate: toy,
      ...fixed,
      seed: 3,
      particles: 100,
      batch: 50,
      maxSimulations: 450,
      maxGenerations: 10,
    });
    expect(r.stopped).toBe('simulations');
    expect(r.simulations).toBeLessThanOrEqual(450);
    // Every generation returned is complete: one the cap cut short is dropped.
    for (const g of r.generations) expect(g.thetas).toHaveLength(100);
    expect(r.simulations).toBeGreaterThan(r.generations.reduce((a, g) => a + g.simulations, 0));
  });

  it('resumes from saved generations to the same result as an uninterrupted run', async () => {
    const opts = { priors: [flat], simulate: toy, ...fixed, seed: 11, particles: 60, maxGenerations: 4, minTolChange: 0 };
    const full = await abcSmc(opts);
    const part = await abcSmc({ ...opts, maxGenerations: 2 });
    const resumed = await abcSmc({ ...opts, resume: JSON.parse(JSON.stringify(part.generations)) });
    expect(resumed.generations).toEqual(full.generations);
  });

  it('an adaptive distance rescales statistics by their spread, so a noisy one does not drown an informative one', async () => {
    // Statistic 0 ~ Normal(theta, 1) is informative (data 3); statistic 1 ~ Normal(0, 100) is noise (data 0).
    const noisy: Simulate = async (thetas, seeds) =>
      thetas.map((t, i) => {
        const s = Stream.fromKey(seeds[i]);
        return Float64Array.of(t[0] + s.normal(), 100 * s.normal());
      });
    const distance = (st: Float64Array, sc: Float64Array) => Math.hypot((st[0] - 3) / sc[0], st[1] / sc[1]);
    const spread = (all: Float64Array[]) =>
      Float64Array.from([0, 1], (j) => {
        const xs = all.map((x) => x[j]);
        const m = xs.reduce((a, b) => a + b, 0) / xs.length;
        return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
      });
    const opts = {
      priors: [flat],
      simulate: noisy,
      distance,
      scales: Float64Array.of(1, 1),
      seed: 5,
      particles: 200,
      maxGenerations: 6,
      minTolChange: 0,
    };
    const fixedRun = await abcSmc(opts);
    const adaptive = await abcSmc({ ...opts, rescale: spread });
    const lastF = fixedRun.generations[fixedRun.generations.length - 1];
    const lastA = adaptive.generations[adaptive.generations.length - 1];
    expect(Math.abs(mean(lastA) - 3)).toBeLessThan(0.5);
    expect(sd(lastA)).toBeLessThan(0.6 * sd(lastF));
    // Each generation's scales are the previous generation's next scales; the noise's scale grows towards its spread.
    for (let g = 1; g < adaptive.generations.length; g++)
      expect(adaptive.generations[g].scales).toEqual(adaptive.generations[g - 1].nextScales);
    expect(lastA.scales[1]).toBeGreaterThan(50);
  });

  it('weighted quantiles', () => {
    expect(weightedQuantile([3, 1, 2], [1 / 3, 1 / 3, 1 / 3], 0.5, 'step')).toBe(2);
    expect(weightedQuantile([3, 1, 2], [0.8, 0.1, 0.1], 0.5, 'step')).toBe(3);
  });
});
