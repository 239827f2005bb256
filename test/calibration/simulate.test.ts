/**
 * Candidates to model runs: a candidate's values reach the model, its seed fixes its
 * run, and a batch gives the same statistics on 1 and 2 workers as in this thread.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runBatch, runCandidate, seedOfKey, simulator, type Batch } from '../../engine/apps/calibration/simulate.ts';
import { scenarioFor } from '../../engine/kernel/scenario/edits.ts';
import type { Prior, Target } from '../../engine/apps/calibration/setup.ts';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { countryIndex } from '../../engine/kernel/scenario/countries.ts';

const tiny = loadScenario(fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url))).scenario;
const priors: Prior[] = [
  {
    name: 'emigration_scale',
    paths: ['countries.MD.emigration'],
    mode: 'scale',
    distribution: 'log_uniform',
    range: [0.25, 4],
    reason: 'test',
  },
  { name: 'learning', paths: ['networks.learning'], mode: 'set', distribution: 'uniform', range: [0.02, 0.5], reason: 'test' },
];
const targets: Target[] = [
  { group: 'a', metric: 'victims_recruited', country: 'MD', year: 1996, value: 100, sigma: 0.3, source: 'test' },
  { group: 'b', metric: 'victims_assisted', country: 'ALL', year: 1997, value: 50, sigma: 0.3, source: 'test' },
];
const batch: Batch = {
  scenario: tiny,
  priors,
  targets,
  thetas: [
    [0.5, 0.1],
    [1, 0.1],
    [2, 0.1],
    [4, 0.3],
    [1, 0.3],
    [0.25, 0.05],
  ],
  seeds: ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'],
};

describe('candidates to model runs', () => {
  it('sets the candidate’s values into the scenario', () => {
    const params = resolveParams(scenarioFor(tiny, priors, [2, 0.3]));
    const T = params.clock.ticks;
    expect(params.country.emigration[countryIndex('MD') * T]).toBeCloseTo(0.02, 15);
    expect(params.networks.learning[0]).toBe(0.3);
  });

  it('more emigration gives more victims; the same seed gives the same run, another seed another', () => {
    const low = runCandidate(batch, 0).statistics[0];
    const high = runCandidate(batch, 3).statistics[0];
    expect(high).toBeGreaterThan(2 * low);
    expect(runCandidate(batch, 1).statistics).toEqual(runCandidate(batch, 1).statistics);
    const other = runCandidate({ ...batch, seeds: batch.seeds.map((s) => s + 'x') }, 1).statistics;
    expect(other).not.toEqual(runCandidate(batch, 1).statistics);
    expect(seedOfKey('k1')).not.toBe(seedOfKey('k2'));
  });

  it('a batch gives the same statistics on 1 and 2 workers as in this thread, in candidate order', async () => {
    const here = batch.thetas.map((_, i) => runCandidate(batch, i).statistics);
    const one = await runBatch(batch, 1);
    const two = await runBatch(batch, 2);
    expect(one).toEqual(here);
    expect(two).toEqual(here);
  });

  it('the simulator returns each candidate’s statistics per target', async () => {
    const simulate = simulator({ scenario: tiny, priors, targets, workers: 2 });
    const st = await simulate(
      batch.thetas.map((t) => Float64Array.from(t)),
      batch.seeds,
    );
    expect(st).toEqual(batch.thetas.map((_, i) => runCandidate(batch, i).statistics));
  });
});
