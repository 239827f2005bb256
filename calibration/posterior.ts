/**
 * Parameter uncertainty in every run: `tipsim run --posterior FILE` draws, for each
 * replicate, one particle of a calibration's posterior by weight (from the seed
 * tree: seed, 'posterior', replicate, so the draw does not depend on the workers)
 * and sets its values into the scenario before that replicate runs. The free
 * parameters' definitions are read from priors.yaml beside the posterior file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seedKey } from '../engine/core/rng.ts';
import { runEnsemble } from '../engine/core/ensemble.ts';
import { InputError, type Problem } from '../engine/messages.ts';
import { resolveParams } from '../engine/model/params.ts';
import { runReplicate, type ReplicateResult } from '../engine/model/step.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { drawByWeight, scenarioFor } from './apply.ts';
import { loadPriors, missingPaths, type Prior } from './setup.ts';

export interface Posterior {
  file: string;
  priors: Prior[];
  thetas: number[][];
  weights: number[];
}

/** Reads posterior.csv (particle, weight, distance, then one column per parameter) and its priors.yaml. */
export function loadPosterior(file: string): Posterior {
  if (!existsSync(file)) throw new InputError([{ file, path: '', message: 'file not found' }]);
  const priorsPath = join(dirname(file), 'priors.yaml');
  if (!existsSync(priorsPath)) throw new InputError([{ file: priorsPath, path: '', message: 'file not found (a posterior needs the priors.yaml it was calibrated with beside it)' }]);
  const all = loadPriors(priorsPath);
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const problems: Problem[] = [];
  if (header[0] !== 'particle' || header[1] !== 'weight' || header[2] !== 'distance')
    problems.push({ file, line: 1, path: '', expected: 'a header starting particle,weight,distance', found: lines[0].slice(0, 60) });
  const priors: Prior[] = [];
  for (const name of header.slice(3)) {
    const p = all.find((q) => q.name === name);
    if (p) priors.push(p);
    else problems.push({ file, line: 1, path: name, expected: `a parameter of ${priorsPath}`, found: name });
  }
  const thetas: number[][] = [], weights: number[] = [];
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',').map(Number);
    if (cells.length !== header.length || cells.some((x) => !Number.isFinite(x)) || cells[1] < 0)
      problems.push({ file, line: i + 2, path: '', expected: `${header.length} numbers with a weight ≥ 0`, found: line.slice(0, 60) });
    weights.push(cells[1]);
    thetas.push(cells.slice(3));
  });
  if (!problems.length && !(weights.reduce((a, b) => a + b, 0) > 0)) problems.push({ file, path: 'weight', expected: 'weights with a positive sum', found: 'none' });
  if (problems.length) throw new InputError(problems);
  return { file, priors, thetas, weights };
}

/** Problems if the scenario lacks a path a posterior parameter sets. */
export function checkPosterior(p: Posterior, scenario: Scenario, scenarioFile: string): void {
  const problems = p.priors.flatMap((q) =>
    missingPaths(scenario, q).map((path): Problem => ({ file: scenarioFile, path, expected: `a value for posterior parameter ${q.name}`, found: 'none' })),
  );
  if (problems.length) throw new InputError(problems);
}

/** The particle each replicate 0..R−1 uses. */
export const particlesFor = (p: Posterior, seed: number, replicates: number) => drawByWeight(p.weights, replicates, seedKey(seed, 'posterior'));

/** What a posterior run's workers receive. */
export interface PosteriorBatch {
  scenario: Scenario;
  priors: Prior[];
  /** The parameter values of each replicate, by replicate number. */
  thetas: Record<number, number[]>;
}

/**
 * Runs replicates of a scenario on the worker pool, replicate r with the particle
 * the seed tree draws for it (particlesFor); returns the results in replicate order
 * and the particle of each replicate.
 */
export async function runPosteriorEnsemble(o: {
  posterior: Posterior;
  scenario: Scenario;
  replicates: number[];
  workers: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ results: ReplicateResult[]; particles: number[] }> {
  const particles = particlesFor(o.posterior, o.scenario.seed, Math.max(...o.replicates) + 1);
  const batch: PosteriorBatch = { scenario: o.scenario, priors: o.posterior.priors, thetas: Object.fromEntries(o.replicates.map((r) => [r, o.posterior.thetas[particles[r]]])) };
  const results = await runEnsemble<PosteriorBatch, ReplicateResult>({
    params: batch,
    replicates: o.replicates,
    workers: o.workers,
    onProgress: o.onProgress,
    workerModule: new URL('./posterior-worker.ts', import.meta.url),
  });
  return { results, particles: o.replicates.map((r) => particles[r]) };
}

/** Runs replicate r with its particle's values. */
export function runPosteriorReplicate(b: PosteriorBatch, r: number): ReplicateResult {
  return runReplicate(resolveParams(scenarioFor(b.scenario, b.priors, b.thetas[r])), r);
}
