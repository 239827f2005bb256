/**
 * The whole calibration on the tiny scenario: the same posterior on 1 and 2
 * workers, a kill and --resume giving the uninterrupted result, a checkpoint from
 * other inputs refused, the outputs written (and the calibrated scenario loading),
 * `run --posterior` carrying parameters into replicates, and the small recovery test.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  calibrate,
  checkpointPath,
  ResumeMismatch,
  type CalibrationResult,
  type Progress,
} from '../../engine/apps/calibration/pipeline.ts';
import {
  posteriorCsv,
  writeCalibration,
  publishCalibration,
  republishScenario,
  republishedScenario,
  weightedMedoid,
} from '../../engine/apps/calibration/results.ts';
import { recover } from '../../engine/apps/calibration/recovery.ts';
import type { Prior, Target } from '../../engine/apps/calibration/setup.ts';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { InputError } from '../../engine/kernel/messages.ts';
import { cli } from '../../engine/cli/main.ts';
import type { IO } from '../../engine/cli/command.ts';
import { PRIORS, TARGETS } from './fixtures.ts';

const TINY = fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const config = (over = '') => `seed: 11
targets: targets.yaml
priors: priors.yaml
end: 1997-12
out: out
pilot: { simulations: 12 }
screening: { trajectories: 3, levels: 4, seeds: 1, keep: 0 }
abc: { particles: 10, quantile: 0.5, min_acceptance: 0.01, min_tolerance_change: 0, max_generations: 3, max_simulations: 120 }
models:
  - { name: adaptation_on, scenario: tiny.yaml }
  - { name: adaptation_off, scenario: tiny-off.yaml, fixed: [learning] }
predictive: { replicates: 8 }
${over}`;

/** A folder with a calibration config over the tiny scenario (adaptation on and off). */
function setup(over = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'tipsim-cal-'));
  dirs.push(dir);
  copyFileSync(TINY, join(dir, 'tiny.yaml'));
  writeFileSync(join(dir, 'tiny-off.yaml'), 'extends: tiny.yaml\nname: tiny-off\nnetworks: { adaptation: off }\n');
  writeFileSync(join(dir, 'priors.yaml'), PRIORS);
  writeFileSync(join(dir, 'targets.yaml'), TARGETS);
  writeFileSync(join(dir, 'config.yaml'), config(over));
  return join(dir, 'config.yaml');
}

const texts = (r: CalibrationResult) =>
  r.models.map((m) => posteriorCsv(m) + JSON.stringify(m.generations.map((g) => [g.tolerance, g.acceptance])));

describe('tipsim calibrate (tiny scenario)', () => {
  let reference: CalibrationResult;
  const cfg = setup();

  it('gives the same posterior on 1 and 2 workers', async () => {
    reference = await calibrate({ configPath: cfg, workers: 1, resume: false });
    const two = await calibrate({ configPath: cfg, workers: 2, resume: false });
    expect(texts(two)).toEqual(texts(reference));
    expect(reference.models.map((m) => m.name)).toEqual(['adaptation_on', 'adaptation_off']);
    // The off model does not calibrate the parameter it fixes; screening with keep 0 keeps all.
    expect(reference.models[1].priors.map((p) => p.name)).toEqual(['emigration_scale', 'detection']);
    expect(reference.morris.kept).toEqual([true, true, true]);
    // pilot + Morris (3 trajectories × 4 points) + each model's ABC + predictive runs.
    const abc = reference.models.reduce((a, m) => a + m.simulations, 0);
    expect(reference.simulations).toBe(12 + 12 + abc + 16);
    for (const m of reference.models) {
      expect(m.simulations).toBeLessThanOrEqual(120);
      expect(m.generations.length).toBeGreaterThanOrEqual(2);
    }
  }, 120_000);

  it('continues after a kill with --resume and ends where an uninterrupted run ends', async () => {
    const killed = setup();
    let kills = 0;
    const killer: Progress = {
      stage() {},
      done() {},
      generation(model, g) {
        if (model === 'adaptation_on' && g.index === 1 && kills++ === 0) throw new Error('killed');
      },
    };
    await expect(calibrate({ configPath: killed, workers: 2, resume: false, progress: killer })).rejects.toThrow('killed');
    const saved = JSON.parse(readFileSync(checkpointPath(join(killed, '..', 'out')), 'utf8'));
    expect(saved.models.adaptation_on.generations).toHaveLength(2);
    expect(saved.models.adaptation_off).toBeUndefined();
    const stages: string[] = [];
    const resumed = await calibrate({
      configPath: killed,
      workers: 1,
      resume: true,
      progress: { stage: (s) => stages.push(s), done() {}, generation() {} },
    });
    // Pilot and screening are not run again.
    expect(stages.some((s) => s === 'pilot' || s === 'screening')).toBe(false);
    expect(texts(resumed)).toEqual(texts(reference));
  }, 120_000);

  it('calibrates the parameters screening.always names whatever their mu*, and refuses names that are not priors', async () => {
    const strict = setup();
    writeFileSync(strict, config().replace('keep: 0 }', 'keep: 1, always: [learning] }'));
    const kept = await calibrate({ configPath: strict, workers: 1, resume: false, budget: 20 });
    const names = kept.allPriors.map((p) => p.name);
    // keep 1 keeps only the largest mu*; always adds learning to it.
    expect(kept.morris.kept[names.indexOf('learning')]).toBe(true);
    expect(kept.morris.kept.filter(Boolean).length).toBe(
      names[kept.morris.muStar.indexOf(Math.max(...kept.morris.muStar))] === 'learning' ? 1 : 2,
    );
    expect(kept.models[0].priors.map((p) => p.name)).toContain('learning');
    const wrong = setup();
    writeFileSync(wrong, config().replace('keep: 0 }', 'keep: 0, always: [speed] }').replace('fixed: [learning]', 'fixed: [lerning]'));
    const err = await calibrate({ configPath: wrong, workers: 1, resume: false }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems.map((p) => [p.path, p.found])).toEqual([
      ['screening.always.0', 'speed'],
      ['models.1.fixed.0', 'lerning'],
    ]);
  }, 120_000);

  it('refuses to resume a checkpoint made from other inputs', async () => {
    const a = setup();
    await calibrate({ configPath: a, workers: 2, resume: false, budget: 30 });
    await expect(calibrate({ configPath: a, workers: 2, resume: true, budget: 40 })).rejects.toBeInstanceOf(ResumeMismatch);
  }, 120_000);

  it('writes the posterior, summaries, fit, model choice, charts and a calibrated scenario that loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tipsim-calout-'));
    dirs.push(dir);
    const now = new Date(0);
    await writeCalibration(dir, reference, { started: now, finished: now, workers: 1, configPath: cfg });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    for (const f of manifest.files) expect(existsSync(join(dir, f)), f).toBe(true);
    const posterior = readFileSync(join(dir, 'posterior.csv'), 'utf8').trim().split('\n');
    expect(posterior[0]).toBe('particle,weight,distance,emigration_scale,learning,detection');
    expect(posterior.slice(1).reduce((a, l) => a + Number(l.split(',')[1]), 0)).toBeCloseTo(1, 12);
    const summary = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
    expect(summary).toHaveLength(1 + 3 + 2);
    const choice = readFileSync(join(dir, 'model_choice.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    // Per closest share, the two models' probabilities sum to 1.
    for (let i = 0; i < choice.length; i += 2) expect(Number(choice[i][5]) + Number(choice[i + 1][5])).toBeCloseTo(1, 12);
    for (const c of ['predictive', 'marginals', 'morris']) expect(readFileSync(join(dir, `${c}.svg`), 'utf8')).toMatch(/<svg[\s\S]*<path/);
    // The calibrated scenario extends the main one (here in another temporary folder, so outside its tree)
    // at one particle of the posterior: its weighted medoid, the same values in calibration.values and the paths.
    const cal = loadScenario(join(dir, 'calibrated.yaml'), { allowOutsideExtends: true }).scenario;
    const text = readFileSync(join(dir, 'calibrated.yaml'), 'utf8');
    const raw = parse(text);
    const last = reference.models[0].generations.at(-1)!;
    const medoid = weightedMedoid(reference.models[0].priors, last.thetas, last.weights);
    const row = posterior[1 + medoid].split(',');
    expect(Number(row[0])).toBe(medoid);
    expect(raw.calibration.values).toEqual({ emigration_scale: Number(row[3]), learning: Number(row[4]), detection: Number(row[5]) });
    expect(raw.networks.learning.value).toBe(Number(row[4]));
    expect(raw.networks.learning.source).toBe(
      `the posterior's weighted medoid particle (particle ${medoid} of calibration/posterior.csv), calibrated against Vreja 2005`,
    );
    expect(raw.description).toContain(`weighted medoid particle (particle ${medoid} of`);
    expect(text).toMatch(/^# \(calibration\/priors.yaml\) at the posterior's weighted medoid particle \(particle \d+$/m);
    expect(text).not.toMatch(/median(?! need not)/);
    expect(cal.networks.learning).toMatchObject({ value: raw.networks.learning.value });
    expect(cal.name).toBe('calibrated');
  }, 60_000);

  it('publishes posterior.csv beside the config and calibrated.yaml beside the main scenario', () => {
    const [posterior, scenario] = publishCalibration(reference, cfg);
    expect(posterior).toBe(join(cfg, '..', 'posterior.csv'));
    expect(scenario).toBe(join(cfg, '..', 'calibrated.yaml'));
    expect(readFileSync(posterior, 'utf8')).toBe(posteriorCsv(reference.models[0]));
    expect(parse(readFileSync(scenario, 'utf8')).extends).toBe('./tiny.yaml');
  });

  it('publishes calibrated.yaml again from the published posterior alone (--publish-only): what --publish wrote', async () => {
    const dir = join(cfg, '..');
    const scenario = join(dir, 'calibrated.yaml');
    const published = readFileSync(scenario, 'utf8');
    expect(republishedScenario(cfg)).toEqual({ path: scenario, text: published });
    writeFileSync(scenario, published.replace(/value: .*/g, 'value: 0.1'));
    expect(republishScenario(cfg)).toBe(scenario);
    expect(readFileSync(scenario, 'utf8')).toBe(published);
    // Through the command line: the same file, and nothing calibrated (no output folder).
    writeFileSync(scenario, published.replace(/value: .*/g, 'value: 0.1'));
    let out = '',
      err = '';
    const io: IO = { out: (s) => void (out += s), err: (s) => void (err += s), errIsTTY: false, errColumns: 80, now: () => new Date(0) };
    expect(await cli(['calibrate', '--config', cfg, '--publish-only'], io)).toBe(0);
    expect(out).toBe(`published ${scenario}\n`);
    expect(readFileSync(scenario, 'utf8')).toBe(published);
    expect(existsSync(join(dir, 'out', 'manifest.json'))).toBe(false);
  });

  it('refuses --publish-only with calibration options, and a calibrated.yaml tipsim did not write (exit 2)', async () => {
    const dir = join(cfg, '..');
    let err = '';
    const io: IO = { out: () => {}, err: (s) => void (err += s), errIsTTY: false, errColumns: 80, now: () => new Date(0) };
    expect(await cli(['calibrate', '--config', cfg, '--publish-only', '--budget', '10', '--resume'], io)).toBe(2);
    expect(err).toBe('tipsim: option --publish-only cannot be used with --budget, --resume; drop them\n');
    const mine = join(dir, 'calibrated.yaml');
    const published = readFileSync(mine, 'utf8');
    writeFileSync(mine, 'name: mine\n');
    err = '';
    expect(await cli(['calibrate', '--config', cfg, '--publish-only'], io)).toBe(2);
    expect(err).toContain(`${mine}: --publish-only: the file exists and tipsim did not write it`);
    expect(readFileSync(mine, 'utf8')).toBe('name: mine\n');
    writeFileSync(mine, published);
    // A posterior with a problem is reported as for run --posterior.
    const good = readFileSync(join(dir, 'posterior.csv'), 'utf8');
    writeFileSync(join(dir, 'posterior.csv'), good.replace(/\n0,/, '\nx,'));
    err = '';
    expect(await cli(['calibrate', '--config', cfg, '--publish-only'], io)).toBe(2);
    expect(err).toContain('posterior.csv:2: particle: expected a number, found x');
    writeFileSync(join(dir, 'posterior.csv'), good);
  });

  it('run --posterior draws each replicate’s parameters from the posterior, the same on 1 and 2 workers', async () => {
    const io = (): IO & { text: () => string } => {
      let out = '';
      return { out: (s) => void (out += s), err: () => {}, errIsTTY: false, errColumns: 80, now: () => new Date(0), text: () => out };
    };
    const dir = join(cfg, '..');
    const runs = [];
    for (const [workers, posterior] of [
      ['1', true],
      ['2', true],
      ['2', false],
    ] as const) {
      const out = join(dir, `run-${workers}-${posterior}`);
      const code = await cli(
        [
          'run',
          join(dir, 'tiny.yaml'),
          '--replicates',
          '4',
          '--workers',
          workers,
          '--out',
          out,
          '-q',
          ...(posterior ? ['--posterior', join(dir, 'posterior.csv')] : []),
        ],
        io(),
      );
      expect(code).toBe(0);
      runs.push({
        yearly: readFileSync(join(out, 'yearly.csv'), 'utf8'),
        manifest: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')),
      });
    }
    expect(runs[1].yearly).toBe(runs[0].yearly);
    expect(runs[2].yearly).not.toBe(runs[0].yearly);
    const used: number[] = runs[0].manifest.posterior.particle_of_replicate;
    expect(used).toHaveLength(4);
    for (const i of used) expect(i).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('reports a posterior whose columns the priors do not define, with exit code 2', async () => {
    const dir = join(cfg, '..');
    writeFileSync(join(dir, 'bad.csv'), 'particle,weight,distance,nonsense\n0,1,0.5,2\n');
    let err = '';
    const code = await cli(['run', join(dir, 'tiny.yaml'), '-q', '--posterior', join(dir, 'bad.csv')], {
      out: () => {},
      err: (s) => void (err += s),
      errIsTTY: false,
      errColumns: 80,
      now: () => new Date(0),
    });
    expect(code).toBe(2);
    expect(err).toContain('bad.csv:1: nonsense: expected a parameter of');
  });
});

describe('recovery test (small)', () => {
  it('recovers known parameters of the tiny scenario: each truth inside its 90% credible interval, and the data narrow the prior', async () => {
    const priors: Prior[] = [
      {
        name: 'emigration_scale',
        paths: ['countries.MD.emigration'],
        mode: 'scale',
        distribution: 'log_uniform',
        range: [0.25, 4],
        reason: 'test',
      },
      { name: 'detection', paths: ['countries.RO.detection'], mode: 'set', distribution: 'uniform', range: [0.01, 0.3], reason: 'test' },
    ];
    const t = (metric: string, country: string, year: number): Target => ({
      group: metric,
      metric,
      country,
      year,
      value: 0,
      sigma: 0.3,
      source: 'synthetic',
    });
    const targets = [1995, 1996, 1997].flatMap((y) => [t('victims_recruited', 'MD', y), t('victims_identified', 'ALL', y)]);
    const scenario = loadScenario(TINY).scenario;
    const { rows } = await recover({
      scenario,
      priors,
      targets,
      truth: [1.6, 0.12],
      seed: 3,
      workers: 2,
      pilot: 30,
      particles: 40,
      maxSimulations: 600,
    });
    for (const r of rows) expect(r.inside, `${r.parameter}: ${r.truth} in [${r.q05}, ${r.q95}]`).toBe(true);
    // The emigration level is identified by the number recruited: its posterior is far narrower than the prior.
    expect(rows[0].shrinkage).toBeGreaterThan(0.5);
  }, 180_000);
});
