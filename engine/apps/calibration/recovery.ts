/**
 * Recovery test (as calibration practice asks of any ABC set-up): simulate data
 * from known parameter values, calibrate on those data as on the real ones, and
 * check that the truth lies inside each parameter's 90% credible interval. The same
 * code runs small in the tests (the tiny scenario, two parameters) and in full as
 * `npm run calibrate:check` (the baseline, every calibrated parameter).
 * `recoverWith` is the same test for any simulator (simulation-based calibration,
 * engine/apps/calibration/sbc.ts, repeats it over truths drawn from the prior).
 */
import { seedKey, Stream } from '../../kernel/rng.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';
import { abcSmc } from './abc.ts';
import { summarise } from './results.ts';
import { priorQuantile, type Prior, type Target } from './setup.ts';
import { runBatch } from './simulate.ts';
import { distance, statisticScales } from './statistics.ts';

/** The settings of an ABC-SMC run on synthetic data (recovery, simulation-based calibration). */
export interface AbcRunSettings {
  priors: Prior[];
  /** Which figures to fit (metric, country, year, sigma); their values are replaced by the synthetic data. */
  targets: Target[];
  seed: number | string;
  /** Draws from the prior that set the first generation's scales. */
  pilot: number;
  particles: number;
  /** Cap on the run's ABC simulations. */
  maxSimulations: number;
  maxGenerations?: number;
  minAcceptance?: number;
  /** ABC settings as calibration/config.yaml names them (abc.ts's defaults otherwise). */
  quantile?: number;
  minTolChange?: number;
}

export interface RecoveryOptions extends AbcRunSettings {
  scenario: Scenario;
  truth: number[];
  workers: number;
  /** The first generation's scales; without them a pilot of `pilot` draws from the prior sets them. */
  scales?: Float64Array;
  onGeneration?: (g: { index: number; tolerance: number; acceptance: number }) => void;
}

/** The recovery test for any simulator: statistics per target of candidates, each run with its seed key. */
export type RecoveryWithOptions = Omit<RecoveryOptions, 'scenario' | 'workers'> & {
  simulate: (thetas: number[][], seeds: string[]) => Promise<Float64Array[]>;
};

export interface RecoveryResult {
  rows: RecoveryRow[];
  simulations: number;
  data: Target[];
  /** The last ABC generation: the posterior particles and their weights. */
  posterior: { thetas: number[][]; weights: number[] };
  generations: number;
  tolerance: number;
  stopped: string;
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

export function recover(o: RecoveryOptions): Promise<RecoveryResult> {
  return recoverWith({
    ...o,
    simulate: (thetas, seeds) => runBatch({ scenario: o.scenario, priors: o.priors, targets: o.targets, thetas, seeds }, o.workers),
  });
}

export async function recoverWith(o: RecoveryWithOptions): Promise<RecoveryResult> {
  // The synthetic data: one run at the truth, as the real figures are one history.
  const [observed] = await o.simulate([o.truth], [seedKey(o.seed, 'recovery', 'data')]);
  const data = o.targets.map((t, i) => ({ ...t, value: observed[i] }));
  let scales = o.scales;
  if (!scales) {
    const draw = Stream.fromKey(seedKey(o.seed, 'recovery', 'pilot'));
    const pilot = Array.from({ length: o.pilot }, () => o.priors.map((p) => priorQuantile(p, draw.uniform())));
    scales = statisticScales(
      await o.simulate(
        pilot,
        pilot.map((_, i) => seedKey(o.seed, 'recovery', 'pilot', i)),
      ),
      data,
    );
  }
  const result = await abcSmc({
    priors: o.priors,
    seed: seedKey(o.seed, 'recovery', 'abc'),
    particles: o.particles,
    maxSimulations: o.maxSimulations,
    maxGenerations: o.maxGenerations ?? 12,
    minAcceptance: o.minAcceptance ?? 0.03,
    quantile: o.quantile,
    minTolChange: o.minTolChange,
    simulate: (thetas, seeds) =>
      o.simulate(
        thetas.map((t) => Array.from(t)),
        seeds,
      ),
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
  const posterior = { thetas: last.thetas, weights: last.weights };
  return {
    rows,
    simulations: result.simulations + (o.scales ? 0 : o.pilot) + 1,
    data,
    posterior,
    generations: result.generations.length,
    tolerance: last.tolerance,
    stopped: result.stopped,
  };
}
