/**
 * ABC-SMC (Toni et al. 2009; Beaumont et al. 2009), as pyABC and EasyABC run it:
 * weighted particles; a multivariate normal perturbation kernel with twice the
 * weighted covariance of the previous generation (mathjs for the linear algebra);
 * each generation's tolerance is a quantile of the previous generation's accepted
 * distances; stop on a minimum acceptance rate, a minimum change of the tolerance,
 * a number of generations, or a cap on simulations (checked inside a generation
 * too: a generation the cap cuts short is dropped, and the last complete one is the
 * result).
 *
 * Reproducible and parallel: each generation's candidates are generated up front,
 * in batches, each from its own stream of the seed tree (generation, index), and
 * simulated together (the caller may run them on a worker pool in any order);
 * candidates are accepted in index order, never in finishing order.
 *
 * The distance may adapt (Prangle 2017, as pyABC's adaptive distance): each
 * generation's scales come from the spread of all statistics simulated in the
 * previous one, so statistics that still vary widely do not drown the others.
 *
 * Parameters move in an internal space: the logarithm for log-uniform priors, the
 * value itself for uniform ones, so the kernel is symmetric where the prior is flat.
 */
import { createRequire } from 'node:module';
import { Stream, seedKey } from '../../kernel/rng.ts';
import { weightedQuantile } from '../../kernel/stats.ts';
import { priorDensity, priorQuantile, type Prior } from './setup.ts';

type MathJs = typeof import('mathjs');
let math: MathJs | undefined;
const mathjs = (): MathJs => (math ??= createRequire(import.meta.url)('mathjs') as MathJs);

/** Simulates candidates (natural-scale parameter vectors), each with its own seed key; returns their statistics in the same order. */
export type Simulate = (thetas: Float64Array[], seeds: string[]) => Promise<Float64Array[]>;

export interface AbcOptions {
  priors: Prior[];
  simulate: Simulate;
  /** Distance of a candidate's statistics to the data, with each statistic divided by its scale. */
  distance: (statistics: Float64Array, scales: Float64Array) => number;
  /** The first generation's scales (from a pilot). */
  scales: Float64Array;
  /**
   * Adaptive distance (Prangle 2017, pyABC's adaptive p-norm): new scales from all
   * statistics simulated in a generation, used by the next one (whose tolerance is
   * then a quantile of the previous particles' distances recomputed with them).
   * Without it the scales stay fixed.
   */
  rescale?: (statistics: Float64Array[]) => Float64Array;
  /** Master seed (or seed key) of the calibration's seed tree. */
  seed: number | string;
  particles: number;
  /** Candidates generated per batch inside a generation (default 2 × particles). */
  batch?: number;
  /** Quantile of the accepted distances that sets the next tolerance (default 0.5). */
  quantile?: number;
  maxGenerations?: number;
  minAcceptance?: number;
  /** Stop when the tolerance changes by less than this fraction (default 0.05). */
  minTolChange?: number;
  maxSimulations?: number;
  onGeneration?: (g: Generation) => void | Promise<void>;
  /** Continue from saved generations (the last one is the starting population); a null tolerance reads as infinite. */
  resume?: (Omit<Generation, 'tolerance'> & { tolerance: number | null })[];
}

export interface Generation {
  index: number;
  tolerance: number;
  /** Natural-scale parameter values, particle-major. */
  thetas: number[][];
  weights: number[];
  distances: number[];
  /** The accepted particles' statistics (their distances are recomputed when the scales change). */
  statistics: number[][];
  /** Scales this generation's distances were computed with. */
  scales: number[];
  /** Scales for the next generation (from all of this generation's simulations). */
  nextScales: number[];
  simulations: number;
  acceptance: number;
}

export interface AbcResult {
  generations: Generation[];
  simulations: number;
  stopped: 'generations' | 'acceptance' | 'tolerance' | 'simulations';
}

const toInternal = (p: Prior, x: number) => (p.distribution === 'log_uniform' ? Math.log(x) : x);
const toNatural = (p: Prior, u: number) => (p.distribution === 'log_uniform' ? Math.exp(u) : u);
const priorOf = (priors: Prior[], theta: ArrayLike<number>) => priors.reduce((d, p, i) => d * priorDensity(p, theta[i]), 1);

/** Weighted covariance (internal space) of the particles. */
function weightedCovariance(xs: number[][], w: number[]): number[][] {
  const k = xs[0].length;
  const mean = new Array(k).fill(0);
  xs.forEach((x, n) => x.forEach((v, i) => (mean[i] += w[n] * v)));
  const cov = Array.from({ length: k }, () => new Array(k).fill(0));
  const w2 = w.reduce((a, b) => a + b * b, 0);
  const norm = 1 / Math.max(1e-12, 1 - w2);
  xs.forEach((x, n) => {
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) cov[i][j] += norm * w[n] * (x[i] - mean[i]) * (x[j] - mean[j]);
  });
  // A small ridge keeps the kernel proper when particles coincide in a dimension.
  for (let i = 0; i < k; i++) cov[i][i] += 1e-12 + 1e-9 * Math.abs(cov[i][i]);
  return cov;
}

export async function abcSmc(o: AbcOptions): Promise<AbcResult> {
  const { priors, simulate, particles: N } = o;
  const k = priors.length;
  const batch = o.batch ?? 2 * N;
  const q = o.quantile ?? 0.5;
  const maxGenerations = o.maxGenerations ?? 10;
  const minAcceptance = o.minAcceptance ?? 0.02;
  const minTolChange = o.minTolChange ?? 0.05;
  const maxSimulations = o.maxSimulations ?? Infinity;
  // Saved generations come back through JSON, where the first one's infinite tolerance is null.
  const generations: Generation[] = (o.resume ?? []).map((g) => ({ ...g, tolerance: g.tolerance ?? Infinity }));
  let simulations = generations.reduce((a, g) => a + g.simulations, 0);
  const m = mathjs();

  for (let g = generations.length; g < maxGenerations; g++) {
    const prev = generations[g - 1];
    const scales = prev ? Float64Array.from(prev.nextScales) : o.scales;
    const dist = (st: ArrayLike<number>) => o.distance(Float64Array.from(st), scales);
    const prevDistances = prev ? prev.statistics.map(dist) : [];
    const tolerance = prev ? weightedQuantile(prevDistances, prev.weights, q, 'step') : Infinity;
    // The previous tolerance in this generation's units: the farthest particle it accepted.
    const prevTolerance = prev && prev.index > 0 ? Math.max(...prevDistances) : Infinity;
    // The kernel from the previous generation: internal-space particles, twice their weighted covariance.
    let prevInternal: number[][] = [],
      sqrt: number[][] = [],
      inv: number[][] = [],
      norm = 0,
      cumulative: number[] = [];
    if (prev) {
      prevInternal = prev.thetas.map((t) => t.map((v, i) => toInternal(priors[i], v)));
      const cov2 = weightedCovariance(prevInternal, prev.weights).map((r) => r.map((v) => 2 * v));
      sqrt = m.sqrtm(cov2) as number[][];
      inv = m.inv(cov2) as number[][];
      norm = 1 / Math.sqrt((2 * Math.PI) ** k * (m.det(cov2) as number));
      let c = 0;
      cumulative = prev.weights.map((w) => (c += w));
    }
    const accepted: { theta: number[]; distance: number; weight: number; statistics: number[] }[] = [];
    const simulated: Float64Array[] = [];
    let tried = 0;
    let stoppedBySims = false;
    // The first generation accepts every draw from the prior: one batch of N.
    const batchSize = prev ? batch : N;
    for (let b = 0; accepted.length < N; b++) {
      const size = Math.min(batchSize, maxSimulations - simulations);
      if (size <= 0) {
        stoppedBySims = true;
        break;
      }
      const thetas: Float64Array[] = [];
      const seeds: string[] = [];
      for (let j = 0; j < size; j++) {
        const index = b * batchSize + j;
        const key = seedKey(o.seed, 'abc', g, index);
        const draw = Stream.fromKey(seedKey(key, 'proposal'));
        thetas.push(propose(draw));
        seeds.push(seedKey(key, 'simulation'));
      }
      const stats = await simulate(thetas, seeds);
      simulated.push(...stats);
      simulations += size;
      tried += size;
      for (let j = 0; j < size && accepted.length < N; j++) {
        const distance = dist(stats[j]);
        if (!(distance <= tolerance)) continue;
        const theta = Array.from(thetas[j]);
        accepted.push({ theta, distance, weight: weightOf(theta), statistics: Array.from(stats[j]) });
      }
    }
    // The simulation cap can end a generation early. A generation cut short is not a
    // population of N particles: it is dropped, and the last complete one stands
    // (its simulations still count). Only the first generation has no predecessor.
    if (accepted.length < N && (prev || accepted.length === 0)) return { generations, simulations, stopped: 'simulations' };
    const total = accepted.reduce((a, p) => a + p.weight, 0);
    const gen: Generation = {
      index: g,
      tolerance,
      thetas: accepted.map((p) => p.theta),
      weights: accepted.map((p) => p.weight / total),
      distances: accepted.map((p) => p.distance),
      statistics: accepted.map((p) => p.statistics),
      scales: Array.from(scales),
      nextScales: Array.from(o.rescale ? o.rescale(simulated) : scales),
      simulations: tried,
      acceptance: accepted.length / tried,
    };
    generations.push(gen);
    await o.onGeneration?.(gen);
    if (stoppedBySims || simulations >= maxSimulations) return { generations, simulations, stopped: 'simulations' };
    if (g > 0 && gen.acceptance < minAcceptance) return { generations, simulations, stopped: 'acceptance' };
    if (Number.isFinite(prevTolerance) && prevTolerance - tolerance < minTolChange * prevTolerance)
      return { generations, simulations, stopped: 'tolerance' };

    function propose(draw: Stream): Float64Array {
      if (!prev) return Float64Array.from(priors, (p) => priorQuantile(p, draw.uniform()));
      // Resample a particle by weight and perturb it until it falls inside the prior
      // (with many parameters a wide kernel can need thousands of tries; each is cheap).
      for (let attempt = 0; attempt < 1_000_000; attempt++) {
        const u = draw.uniform();
        let n = cumulative.findIndex((c) => u < c);
        if (n < 0) n = cumulative.length - 1;
        const z = Array.from({ length: k }, () => draw.normal());
        const x = prevInternal[n].map((v, i) => v + sqrt[i].reduce((a, s, j) => a + s * z[j], 0));
        const theta = Float64Array.from(x, (v, i) => toNatural(priors[i], v));
        if (priorOf(priors, theta) > 0) return theta;
      }
      throw new Error('ABC-SMC: no perturbed particle inside the prior after a million tries');
    }

    function weightOf(theta: number[]): number {
      if (!prev) return 1;
      const x = theta.map((v, i) => toInternal(priors[i], v));
      let denominator = 0;
      for (let n = 0; n < prevInternal.length; n++) {
        const d = x.map((v, i) => v - prevInternal[n][i]);
        let qf = 0;
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) qf += d[i] * inv[i][j] * d[j];
        denominator += prev.weights[n] * norm * Math.exp(-0.5 * qf);
      }
      // The prior density in the internal space (the kernel lives there too).
      const jacobian = theta.reduce((a, v, i) => a * (priors[i].distribution === 'log_uniform' ? v : 1), 1);
      return (priorOf(priors, theta) * jacobian) / denominator;
    }
  }
  return { generations, simulations, stopped: 'generations' };
}
