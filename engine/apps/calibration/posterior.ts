/**
 * Parameter uncertainty in every run: `tipsim run --posterior FILE` draws, for each
 * replicate, one particle of a calibration's posterior by weight (from the seed
 * tree: seed, 'posterior', replicate, so the draw does not depend on the workers)
 * and sets its values into the scenario before that replicate runs. The free
 * parameters' definitions are read from priors.yaml beside the posterior file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seedKey } from '../../kernel/rng.ts';
import { sha256 } from '../../runner/provenance.ts';
import { runEnsemble } from '../../runner/ensemble.ts';
import { InputError, msg, type Problem } from '../../kernel/messages.ts';
import { suggest } from '../../kernel/scenario/errors.ts';
import { resolveParams } from '../../model/params.ts';
import { runReplicate, type ReplicateResult } from '../../model/step.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';
import { drawByWeight } from './draw.ts';
import { missingPaths, scenarioFor } from '../../kernel/scenario/edits.ts';
import { loadPriors, type Prior } from './setup.ts';

export interface Posterior {
  file: string;
  /** SHA-256 of the file's text: what a calibrated scenario records of its posterior. */
  sha256: string;
  priors: Prior[];
  /** Each row's number (the `particle` column), in the order of thetas and weights. */
  particles: number[];
  thetas: number[][];
  weights: number[];
}

/** Largest posterior file read (the committed one is a few hundred KiB). */
export const POSTERIOR_MAX_BYTES = 64 * 2 ** 20;
/** Problems listed at most for one file; the rest are counted. */
const MAX_PROBLEMS = 20;
/** A decimal number as the calibration writes it (no hex, no blanks, no Infinity). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A cell as shown in a problem. */
const shownCell = (cell: string) => (cell === '' ? 'an empty cell' : cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);

/**
 * Reads posterior.csv (particle, weight, distance, then one column per parameter)
 * and its priors.yaml, and checks it as a scenario is checked: a header of known,
 * distinct parameters; every row complete; every value a finite number inside its
 * prior's range; weights ≥ 0 with a finite positive sum. Every problem is reported
 * at once (the first MAX_PROBLEMS, then how many more).
 */
export function loadPosterior(file: string): Posterior {
  const stat = statOf(file);
  if (stat.problem) throw new InputError([stat.problem]);
  if (stat.size > POSTERIOR_MAX_BYTES) throw new InputError([msg.inputTooLarge(file, stat.size, POSTERIOR_MAX_BYTES)]);
  const priorsPath = join(dirname(file), 'priors.yaml');
  if (!existsSync(priorsPath)) throw new InputError([msg.posteriorNeedsPriors(priorsPath)]);
  const all = loadPriors(priorsPath);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([msg.fileUnreadable(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message)]);
  }
  // Trailing blank lines and a byte-order mark (a spreadsheet's) are not problems.
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\s+$/, '')
    .split(/\r?\n/);
  if (lines.length === 1 && lines[0].trim() === '') throw new InputError([msg.posteriorEmpty(file)]);

  const problems: Problem[] = [];
  let more = 0;
  const add = (p: Problem) => (problems.length < MAX_PROBLEMS ? problems.push(p) : more++);

  const header = lines[0].split(',').map((h) => h.trim());
  const headerOk = header[0] === 'particle' && header[1] === 'weight' && header[2] === 'distance';
  if (!headerOk) add(msg.posteriorHeader(file, shownCell(lines[0].slice(0, 60))));
  const names = headerOk ? header.slice(3) : [];
  if (headerOk && names.length === 0) add(msg.posteriorNoParameters(file));
  const priors: (Prior | undefined)[] = names.map((name) => all.find((q) => q.name === name));
  const positions = new Map<string, number[]>();
  names.forEach((name, i) => {
    positions.set(name, [...(positions.get(name) ?? []), i + 4]);
    if (!priors[i])
      add(
        msg.posteriorUnknownColumn(
          file,
          name,
          priorsPath,
          name
            ? msg.unknownKey(
                name,
                suggest(
                  name,
                  all.map((q) => q.name),
                ),
              )
            : undefined,
        ),
      );
  });
  for (const [name, at] of positions) if (at.length > 1 && priors[at[0] - 4]) add(msg.posteriorDuplicateColumn(file, name, at));

  const thetas: number[][] = [],
    weights: number[] = [],
    particles: number[] = [];
  let rows = 0;
  lines.forEach((text, i) => {
    if (i === 0 || text.trim() === '') return;
    rows++;
    const line = i + 1;
    const cells = text.split(',').map((c) => c.trim());
    if (cells.length !== header.length) {
      add(msg.posteriorCells(file, line, header.length, cells.length));
      return;
    }
    if (!headerOk) return;
    const values = cells.map((c) => (NUMBER.test(c) ? Number(c) : NaN));
    let ok = true;
    const bad = (p: Problem) => {
      ok = false;
      add(p);
    };
    cells.forEach((cell, j) => {
      const v = values[j];
      const column = header[j];
      if (!Number.isFinite(v)) bad(msg.posteriorNotNumber(file, line, column, shownCell(cell)));
      else if (j === 0) (Number.isInteger(v) && v >= 0) || bad(msg.posteriorParticle(file, line, cell));
      else if (j < 3) v >= 0 || bad(msg.posteriorNotNegative(file, line, column as 'weight' | 'distance', cell));
      else {
        const p = priors[j - 3];
        if (p && !(v >= p.range[0] && v <= p.range[1])) bad(msg.posteriorOutsidePrior(file, line, p.name, p.range, shownCell(cell)));
      }
    });
    if (!ok) return;
    particles.push(values[0]);
    weights.push(values[1]);
    thetas.push(values.slice(3));
  });
  if (rows === 0) add(msg.posteriorNoRows(file));
  if (!problems.length) {
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(Number.isFinite(total) && total > 0)) add(msg.posteriorWeightSum(file, total));
  }
  if (problems.length) throw new InputError(more ? [...problems, msg.moreProblems(file, more)] : problems);
  return { file, sha256: sha256(text), priors: priors as Prior[], particles, thetas, weights };
}

/** A file's size, or the problem that keeps it from being read as a file. */
function statOf(file: string): { size: number; problem?: Problem } {
  let s;
  try {
    s = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { size: 0, problem: code === 'ENOENT' ? msg.fileNotFound(file) : msg.fileUnreadable(file, code ?? (e as Error).message) };
  }
  if (s.isDirectory()) return { size: 0, problem: msg.inputIsFolder(file) };
  if (!s.isFile()) return { size: 0, problem: msg.inputNotRegular(file) };
  return { size: s.size };
}

/**
 * Problems if the scenario lacks a path a posterior parameter sets, or holds the
 * values of another posterior (its `calibration` record names another file's
 * SHA-256): applying a posterior over a scenario calibrated with another would
 * count the other's values twice. Returns the values the scenario holds of this
 * posterior's parameters (none for an uncalibrated scenario), for scenarioFor.
 */
export function checkPosterior(p: Posterior, scenario: Scenario, scenarioFile: string): Record<string, number> {
  const problems = p.priors.flatMap((q) => missingPaths(scenario, q).map((path) => msg.posteriorPathMissing(scenarioFile, path, q.name)));
  const record = scenario.calibration;
  if (record && record.sha256 !== p.sha256) problems.push(msg.posteriorOther(scenarioFile, p.file, record.posterior));
  else if (record) for (const q of p.priors) if (!(q.name in record.values)) problems.push(msg.posteriorValueMissing(scenarioFile, q.name));
  if (problems.length) throw new InputError(problems);
  return record ? record.values : {};
}

/** The particle each replicate 0..R−1 uses. */
export const particlesFor = (p: Posterior, seed: number, replicates: number) =>
  drawByWeight(p.weights, replicates, seedKey(seed, 'posterior'));

/** What a posterior run's workers receive. */
export interface PosteriorBatch {
  scenario: Scenario;
  /** What each value of a theta sets: the posterior's parameters, then any other inputs. */
  priors: Pick<Prior, 'name' | 'paths' | 'mode'>[];
  /** The parameter values of each replicate, by replicate number. */
  thetas: Record<number, number[]>;
  /** The values the scenario already holds (checkPosterior), by parameter name. */
  held: Record<string, number>;
  /** The replicate number whose seed a task runs with, where it is not the task's own number. */
  seeds?: Record<number, number>;
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
  const results = await runInputsEnsemble({
    scenario: o.scenario,
    priors: o.posterior.priors,
    thetas: Object.fromEntries(o.replicates.map((r) => [r, o.posterior.thetas[particles[r]]])),
    held: checkPosterior(o.posterior, o.scenario, o.scenario.name),
    replicates: o.replicates,
    workers: o.workers,
    onProgress: o.onProgress,
  });
  return { results, particles: o.replicates.map((r) => particles[r]) };
}

/**
 * Runs replicates of a scenario on the worker pool, replicate r with the values
 * thetas[r] of the inputs `priors` (a posterior's parameters, and any other inputs
 * given as paths and a mode) set into the scenario; results in replicate order.
 */
export async function runInputsEnsemble(
  o: PosteriorBatch & {
    replicates: number[];
    workers: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ReplicateResult[]> {
  const batch: PosteriorBatch = {
    scenario: o.scenario,
    priors: o.priors,
    thetas: o.thetas,
    held: o.held,
    ...(o.seeds && { seeds: o.seeds }),
  };
  return runEnsemble<PosteriorBatch, ReplicateResult>({
    params: batch,
    replicates: o.replicates,
    workers: o.workers,
    onProgress: o.onProgress,
    workerModule: new URL('./posterior-task.ts', import.meta.url),
  });
}

/** Runs replicate r with its particle's values. */
export function runPosteriorReplicate(b: PosteriorBatch, r: number): ReplicateResult {
  const seed = b.seeds?.[r];
  const result = runReplicate(resolveParams(scenarioFor(b.scenario, b.priors, b.thetas[r], b.held)), seed ?? r);
  return seed === undefined ? result : { ...result, replicate: r };
}
