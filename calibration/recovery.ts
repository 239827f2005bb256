/**
 * Recovery test (as calibration practice asks of any ABC set-up): simulate data
 * from known parameter values, calibrate on those data as on the real ones, and
 * check that the truth lies inside each parameter's 90% credible interval. The same
 * code runs small in the tests (the tiny scenario, two parameters) and in full as
 * `npm run calibrate:check` (the baseline, every calibrated parameter).
 */
import { seedKey, Stream } from '../engine/core/rng.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { abcSmc } from './abc.ts';
import { summarise } from './report.ts';
import { priorQuantile, type Prior, type Target } from './setup.ts';
import { runBatch, simulator } from './simulate.ts';
import { distance, statisticScales } from './statistics.ts';

export interface RecoveryOptions {
  scenario: Scenario;
  priors: Prior[];
  /** Which figures to fit (metric, country, year, sigma); their values are replaced by the synthetic data. */
  targets: Target[];
  truth: number[];
  seed: number | string;
  workers: number;
  pilot: number;
  particles: number;
  maxSimulations: number;
  maxGenerations?: number;
  minAcceptance?: number;
  onGeneration?: (g: { index: number; tolerance: number; acceptance: number }) => void;
}

export interface RecoveryRow {
  parameter: string;
  truth: number;
  median: number;
  q05: number;
  q95: number;
  shrinkage: number;
  inside: boolean;
}

export async function recover(o: RecoveryOptions): Promise<{ rows: RecoveryRow[]; simulations: number; data: Target[] }> {
  const batch = (thetas: number[][], seeds: string[], targets: Target[]) => runBatch({ scenario: o.scenario, priors: o.priors, targets, thetas, seeds }, o.workers);
  // The synthetic data: one run at the truth, as the real figures are one history.
  const [observed] = await batch([o.truth], [seedKey(o.seed, 'recovery', 'data')], o.targets);
  const data = o.targets.map((t, i) => ({ ...t, value: observed[i] }));
  const draw = Stream.fromKey(seedKey(o.seed, 'recovery', 'pilot'));
  const pilot = Array.from({ length: o.pilot }, () => o.priors.map((p) => priorQuantile(p, draw.uniform())));
  const scales = statisticScales(await batch(pilot, pilot.map((_, i) => seedKey(o.seed, 'recovery', 'pilot', i)), data), data);
  const result = await abcSmc({
    priors: o.priors,
    seed: seedKey(o.seed, 'recovery', 'abc'),
    particles: o.particles,
    maxSimulations: o.maxSimulations,
    maxGenerations: o.maxGenerations ?? 12,
    minAcceptance: o.minAcceptance ?? 0.03,
    simulate: simulator({ scenario: o.scenario, priors: o.priors, targets: data, workers: o.workers }),
    distance: (st, sc) => distance(st, data, sc),
    scales,
    rescale: (all) => statisticScales(all, data),
    onGeneration: o.onGeneration,
  });
  const last = result.generations[result.generations.length - 1];
  const rows = summarise(o.priors, last.thetas, last.weights).map((s, i) => ({
    parameter: s.parameter,
    truth: o.truth[i],
    median: s.median,
    q05: s.q05,
    q95: s.q95,
    shrinkage: s.shrinkage,
    inside: o.truth[i] >= s.q05 && o.truth[i] <= s.q95,
  }));
  return { rows, simulations: result.simulations + o.pilot + 1, data };
}
