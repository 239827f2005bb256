/**
 * The calibration checkpoint read on --resume: a real checkpoint of a very small
 * calibration resumes (its nulls, JSON's NaN and Infinity, read back); damaged
 * copies of it (cut short, empty, null, a folder, bad weights, wrong types, wrong
 * sizes) are refused with an InputError that names the file and says what to do,
 * before any simulation, and through the CLI with exit code 2 and no stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrate, checkpointPath, type CalibrationResult } from '../../engine/apps/calibration/pipeline.ts';
import { posteriorCsv } from '../../engine/apps/calibration/results.ts';
import { InputError, formatProblem } from '../../engine/kernel/messages.ts';
import { cli } from '../../engine/cli/main.ts';
import { PRIORS, TARGETS } from './fixtures.ts';

const TINY = fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tipsim-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

copyFileSync(TINY, join(dir, 'tiny.yaml'));
writeFileSync(join(dir, 'priors.yaml'), PRIORS);
writeFileSync(join(dir, 'targets.yaml'), TARGETS);
// As small as the config allows: 5 pilot runs, 4 screening runs, 2 ABC generations of 4 particles, 5 predictive runs.
const CONFIG = join(dir, 'config.yaml');
writeFileSync(
  CONFIG,
  `seed: 5
targets: targets.yaml
priors: priors.yaml
end: 1997-12
out: out
pilot: { simulations: 5 }
screening: { trajectories: 1, levels: 2, seeds: 1, keep: 0 }
abc: { particles: 4, quantile: 0.5, min_acceptance: 0, min_tolerance_change: 0, max_generations: 2, max_simulations: 40 }
models:
  - { name: m, scenario: tiny.yaml }
predictive: { replicates: 5 }
`,
);
const CP = checkpointPath(join(dir, 'out'));

type Json = {
  pilot: { thetas: unknown[][]; statistics: unknown[][] };
  models: { m: { generations: { weights: unknown[]; distances: unknown[]; thetas: unknown[][]; tolerance: unknown }[] } };
};
let saved = '';
let reference: CalibrationResult;

/** Resumes with `text` (or a folder) at the checkpoint's path; returns the error and whether any stage ran. */
async function resumeWith(text: string | null, resume = true): Promise<{ error: unknown; stages: string[] }> {
  rmSync(CP, { recursive: true, force: true });
  if (text === null) mkdirSync(CP);
  else writeFileSync(CP, text);
  const stages: string[] = [];
  const error = await calibrate({
    configPath: CONFIG,
    workers: 1,
    resume,
    progress: { stage: (s) => stages.push(s), done() {}, generation() {} },
  }).then(
    () => undefined,
    (e) => e,
  );
  return { error, stages };
}
/** The checkpoint with one change made to its data. */
const edited = (change: (c: Json) => void) => {
  const c = JSON.parse(saved) as Json;
  change(c);
  return JSON.stringify(c);
};
/** Resumes with a damaged checkpoint and returns its problems as text, after checking it is refused as input before any stage. */
async function refused(text: string | null, resume = true): Promise<string[]> {
  const { error, stages } = await resumeWith(text, resume);
  expect(error).toBeInstanceOf(InputError);
  expect(stages).toEqual([]);
  const problems = (error as InputError).problems;
  for (const p of problems) expect(p.file).toBe(CP);
  return problems.map(formatProblem);
}
const ADVICE = 'delete it, or run without --resume to start again (which overwrites it)';

describe('the calibration checkpoint on --resume', () => {
  beforeAll(async () => {
    reference = await calibrate({ configPath: CONFIG, workers: 1, resume: false });
    saved = readFileSync(CP, 'utf8');
  }, 60_000);

  it('resumes a real checkpoint, with its nulls (an infinite tolerance, NaN statistics) read back', async () => {
    // JSON wrote the first generation's infinite tolerance as null.
    expect((JSON.parse(saved) as Json).models.m.generations[0].tolerance).toBeNull();
    // …and would write a NaN statistic (a target year the run does not reach) as null.
    const { error, stages } = await resumeWith(edited((c) => (c.pilot.statistics[0][0] = null)));
    expect(error).toBeUndefined();
    expect(stages).toEqual(['predictive m']);
  });

  it('gives the uninterrupted result when resumed', async () => {
    writeFileSync(CP, saved);
    const resumed = await calibrate({ configPath: CONFIG, workers: 1, resume: true });
    expect(resumed.models.map(posteriorCsv)).toEqual(reference.models.map(posteriorCsv));
    expect(resumed.models[0].generations[0].tolerance).toBe(Infinity);
  });

  it('refuses a checkpoint cut short, empty, null or not a mapping, naming it and saying what to do', async () => {
    const cut = await refused(saved.slice(0, Math.floor(saved.length / 2)));
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatch(
      new RegExp(
        `^${CP.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the saved calibration is damaged \\(not JSON, perhaps cut short: .*\\); ${ADVICE.replace(/[()]/g, '\\$&')}$`,
      ),
    );
    expect(await refused('')).toEqual([`${CP}: the saved calibration is damaged (it is empty); ${ADVICE}`]);
    expect(await refused('null')).toEqual([
      `${CP}: expected a mapping, found null`,
      `${CP}: the saved calibration is damaged and cannot be resumed; ${ADVICE}`,
    ]);
    expect((await refused('[1, 2]'))[0]).toBe(`${CP}: expected a mapping, found [1, 2]`);
  });

  it('refuses a folder at the checkpoint’s path, resuming or not, before any simulation', async () => {
    const text = `${CP}: the saved calibration is a folder, not a file; remove or rename it (tipsim keeps its saved calibration at this path)`;
    expect(await refused(null)).toEqual([text]);
    expect(await refused(null, false)).toEqual([text]);
  });

  it('refuses weights that are negative, infinite, not numbers or sum to 0, and lists every problem', async () => {
    const w = 'models.m.generations[1].weights';
    const bad = await refused(
      edited((c) => {
        c.models.m.generations[1].weights[0] = -0.5;
        c.models.m.generations[1].weights[1] = '0.25';
        c.models.m.generations[0].distances[0] = 'far';
      }),
    );
    expect(bad).toEqual([
      `${CP}: models.m.generations[0].distances[0]: expected a number, found "far"`,
      `${CP}: ${w}[0]: expected a number ≥ 0, found -0.5`,
      `${CP}: ${w}[1]: expected a number, found "0.25"`,
      `${CP}: the saved calibration is damaged and cannot be resumed; ${ADVICE}`,
    ]);
    // 1e309 is valid JSON and reads as Infinity.
    const infinite = await refused(saved.replace(/"weights":\[[^,\]]+/, '"weights":[1e309'));
    expect(infinite[0]).toBe(`${CP}: models.m.generations[0].weights[0]: expected a number, found Infinity`);
    const zero = await refused(edited((c) => (c.models.m.generations[1].weights = c.models.m.generations[1].weights.map(() => 0))));
    expect(zero[0]).toBe(`${CP}: ${w}: expected weights with a finite sum > 0, found a sum of 0`);
    const huge = await refused(edited((c) => (c.models.m.generations[1].weights = c.models.m.generations[1].weights.map(() => 1e308))));
    expect(huge[0]).toBe(`${CP}: ${w}: expected weights with a finite sum > 0, found a sum of Infinity`);
  });

  it('refuses sizes that do not fit the inputs: a particle without its distance, a short statistics row, a theta of the wrong length', async () => {
    const sizes = await refused(
      edited((c) => {
        c.models.m.generations[1].distances.pop();
        c.pilot.statistics[2].pop();
      }),
    );
    expect(sizes).toHaveLength(3);
    expect(sizes[0]).toMatch(
      /: pilot\.statistics\[2\]: expected a list of 4 statistics \(one per target\), found \[[\d.]+, [\d.]+, [\d.]+\]$/,
    );
    expect(sizes[1]).toBe(`${CP}: models.m.generations[1].distances: expected 4 values (one per particle), found 3`);
    const theta = await refused(edited((c) => c.models.m.generations[1].thetas[3].push(0.1)));
    expect(theta).toEqual([
      `${CP}: models.m.generations[1].thetas[3]: expected 3 values (one per calibrated parameter), found 4`,
      `${CP}: the saved calibration is damaged and cannot be resumed; ${ADVICE}`,
    ]);
  });

  it('tipsim calibrate --resume with a damaged checkpoint: exit code 2, the file named, no stack trace', async () => {
    writeFileSync(CP, saved.slice(0, 100));
    let err = '';
    const io = { out: () => {}, err: (s: string) => void (err += s), errIsTTY: false, errColumns: 80, now: () => new Date(0) };
    const code = await cli(['calibrate', '--config', CONFIG, '--resume', '-q', '--workers', '1'], io);
    expect(code).toBe(2);
    expect(err).toContain(`${CP}: the saved calibration is damaged (not JSON, perhaps cut short`);
    expect(err).toContain(ADVICE);
    expect(err).not.toMatch(/internal error|\n\s+at /);
  });
});
