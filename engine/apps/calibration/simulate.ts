/**
 * From candidates to model runs: a candidate's parameter values are set into the
 * base scenario (setup.ts withParameter), the scenario is resolved, one replicate
 * runs with the candidate's own seed, and its statistics per target are returned.
 * Batches run on the ensemble's worker pool (engine/apps/calibration/candidate-task.ts); results come
 * back by candidate number, so they do not depend on the number of workers.
 */
import { hash128 } from '../../kernel/rng.ts';
import { runEnsemble } from '../../runner/ensemble.ts';
import { resolveParams } from '../../model/params.ts';
import { runReplicate } from '../../model/step.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';
import type { Prior, Target } from './setup.ts';
import { scenarioFor } from '../../kernel/scenario/edits.ts';
import { statistics } from './statistics.ts';
import type { Simulate } from './abc.ts';

/** Everything a worker needs for a batch of candidates (plain data). */
export interface Batch {
  scenario: Scenario;
  priors: Prior[];
  targets: Target[];
  thetas: number[][];
  seeds: string[];
}

export interface CandidateResult {
  /** The candidate's number in its batch. */
  replicate: number;
  statistics: Float64Array;
}

/** The master seed of a candidate's run, from its seed key (32 bits of its hash). */
export const seedOfKey = (key: string) => parseInt(hash128(key).slice(0, 8), 16);

/** Runs candidate i of a batch in this thread. */
export function runCandidate(batch: Batch, i: number): CandidateResult {
  const scenario = { ...scenarioFor(batch.scenario, batch.priors, batch.thetas[i]), seed: seedOfKey(batch.seeds[i]) };
  const params = resolveParams(scenario);
  const result = runReplicate(params, 0);
  return { replicate: i, statistics: statistics(result, params.report, batch.targets) };
}

/** Statistics of every candidate of a batch, in candidate order, on `workers` threads. */
export async function runBatch(batch: Batch, workers: number, onProgress?: (done: number, total: number) => void): Promise<Float64Array[]> {
  const results = await runEnsemble<Batch, CandidateResult>({
    params: batch,
    replicates: batch.thetas.map((_, i) => i),
    workers,
    onProgress,
    workerModule: new URL('./candidate-task.ts', import.meta.url),
  });
  return results.map((r) => r.statistics);
}

/** An ABC simulator (abc.ts) on the worker pool: each candidate's statistics per target. */
export function simulator(o: {
  scenario: Scenario;
  priors: Prior[];
  targets: Target[];
  workers: number;
  onProgress?: (done: number, total: number) => void;
}): Simulate {
  return (thetas, seeds) =>
    runBatch(
      { scenario: o.scenario, priors: o.priors, targets: o.targets, thetas: thetas.map((t) => Array.from(t)), seeds },
      o.workers,
      o.onProgress,
    );
}
