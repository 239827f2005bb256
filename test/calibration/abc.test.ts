/**
 * ABC-SMC on a toy model with a known posterior: y ~ Normal(theta, 1), one
 * observation y = 3, flat prior on [-10, 10], so the posterior is about Normal(3, 1).
 * Also: the posterior does not depend on the order candidates are simulated in, and
 * is the same from the same seed.
 */
import { describe, expect, it } from 'vitest';
import { abcSmc, quantileWeighted, type Simulate } from '../../calibration/abc.ts';
import type { Prior } from '../../calibration/setup.ts';
import { Stream } from '../../engine/core/rng.ts';

const flat: Prior = { name: 'theta', paths: ['x'], mode: 'set', distribution: 'uniform', range: [-10, 10], reason: 'toy' };
const logScale: Prior = { name: 'scale', paths: ['y'], mode: 'set', distribution: 'log_uniform', range: [0.1, 10], reason: 'toy' };

/** Distance |y_sim - 3| with y_sim ~ Normal(theta, 1), from each candidate's own seed. */
const toy: Simulate = async (thetas, seeds) => thetas.map((t, i) => Math.abs(t[0] + Stream.fromKey(seeds[i]).normal() - 3));
/** The same, simulated in reverse order (as a worker pool might finish them). */
const toyReversed: Simulate = async (thetas, seeds) => {
  const out = new Array<number>(thetas.length);
  for (let i = thetas.length - 1; i >= 0; i--) out[i] = Math.abs(thetas[i][0] + Stream.fromKey(seeds[i]).normal() - 3);
  return out;
};

const mean = (g: { thetas: number[][]; weights: number[] }, i = 0) => g.thetas.reduce((a, t, n) => a + g.weights[n] * t[i], 0);
const sd = (g: { thetas: number[][]; weights: number[] }, i = 0) => {
  const m = mean(g, i);
  return Math.sqrt(g.thetas.reduce((a, t, n) => a + g.weights[n] * (t[i] - m) ** 2, 0));
};

describe('ABC-SMC', () => {
  it('recovers a known posterior: mean near 3, spread near 1, tolerances falling', async () => {
    const r = await abcSmc({ priors: [flat], simulate: toy, seed: 1, particles: 300, maxGenerations: 6 });
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
    const opts = { priors: [flat, logScale], seed: 7, particles: 50, maxGenerations: 3 };
    const a = await abcSmc({ ...opts, simulate: toy });
    const b = await abcSmc({ ...opts, simulate: toyReversed });
    expect(b).toEqual(a);
    const c = await abcSmc({ ...opts, seed: 8, simulate: toy });
    expect(c.generations[1].thetas).not.toEqual(a.generations[1].thetas);
  });

  it('stops at the simulation cap, inside a generation too', async () => {
    const r = await abcSmc({ priors: [flat], simulate: toy, seed: 3, particles: 100, batch: 50, maxSimulations: 450, maxGenerations: 10 });
    expect(r.stopped).toBe('simulations');
    expect(r.simulations).toBeLessThanOrEqual(450);
    // Every generation returned is complete: one the cap cut short is dropped.
    for (const g of r.generations) expect(g.thetas).toHaveLength(100);
    expect(r.simulations).toBeGreaterThan(r.generations.reduce((a, g) => a + g.simulations, 0));
  });

  it('resumes from saved generations to the same result as an uninterrupted run', async () => {
    const opts = { priors: [flat], simulate: toy, seed: 11, particles: 60, maxGenerations: 4, minTolChange: 0 };
    const full = await abcSmc(opts);
    const part = await abcSmc({ ...opts, maxGenerations: 2 });
    const resumed = await abcSmc({ ...opts, resume: JSON.parse(JSON.stringify(part.generations)) });
    expect(resumed.generations).toEqual(full.generations);
  });

  it('weighted quantiles', () => {
    expect(quantileWeighted([3, 1, 2], [1 / 3, 1 / 3, 1 / 3], 0.5)).toBe(2);
    expect(quantileWeighted([3, 1, 2], [0.8, 0.1, 0.1], 0.5)).toBe(3);
  });
});
