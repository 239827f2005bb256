/**
 * The calibration, start to finish (docs/CALIBRATION.md):
 *   1. pilot:      draws from the prior; the statistics' spread sets their scales;
 *   2. screening:  Morris elementary effects of every free parameter on the distance;
 *                  parameters that barely matter are fixed at their baseline value;
 *   3. ABC-SMC:    once per model (adaptation on, adaptation off), over the kept ones;
 *   4. checks:     posterior predictive runs; fit scores; what each posterior implies
 *                  for the true trade; ABC model choice between the models.
 * Every stage's simulations are saved in a checkpoint as they finish (each ABC
 * generation too), so `resume` continues after a kill from where it stopped, with
 * the same result as an uninterrupted run. Candidates run on the worker pool and
 * come back by index: results do not depend on the number of workers.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { z } from 'zod';
import { basename, dirname, join } from 'node:path';
import { Stream, seedKey } from '../../kernel/rng.ts';
import { drawByWeight } from './draw.ts';
import { sha256 } from '../../runner/provenance.ts';
import { loadScenario } from '../../kernel/scenario/loader.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';
import { describeIssues } from '../../kernel/scenario/errors.ts';
import { InputError, msg, type Problem } from '../../kernel/messages.ts';
import { abcSmc, type Generation } from './abc.ts';
import { morrisDesign, morrisEffects, type MorrisResult } from './morris.ts';
import { loadConfig, loadPriors, loadTargets, priorQuantile, type CalibrationConfig, type Prior, type Target } from './setup.ts';
import { runBatch, simulator } from './simulate.ts';
import { distance, statisticScales } from './statistics.ts';

/** What the true trade looks like under a posterior: these series, ALL, by year. */
export const TRADE_METRICS = ['victims_recruited', 'victims_exploited', 'visibility'] as const;
export const TRADE_YEARS = [2001, 2002, 2003];

export interface Progress {
  /** A stage starts: its name and how many simulations it will run (0 when not known ahead). */
  stage(name: string, simulations: number): void;
  /** Simulations done within the current stage. */
  done(n: number): void;
  /** An ABC generation finished. */
  generation(model: string, g: Generation): void;
}

export interface CalibrateOptions {
  configPath: string;
  /** Output folder (the config's `out` otherwise); the checkpoint is kept beside it. */
  outOverride?: string;
  workers: number;
  /** Cap on each model's ABC simulations (the config's max_simulations otherwise). */
  budget?: number;
  resume: boolean;
  progress?: Progress;
  /** Let the models' scenarios extend files outside their folder trees and the bundled scenarios/. */
  allowOutsideExtends?: boolean;
}

export interface ModelResult {
  name: string;
  scenarioPath: string;
  scenario: Scenario;
  priors: Prior[];
  generations: Generation[];
  stopped: string;
  simulations: number;
  /** Predictive runs: particle index drawn and statistics (targets, then the trade pseudo-targets). */
  predictive: { particles: number[]; statistics: Float64Array[] };
}

export interface CalibrationResult {
  config: CalibrationConfig;
  configText: string;
  targets: Target[];
  allPriors: Prior[];
  scales: Float64Array;
  morris: MorrisResult & { kept: boolean[] };
  models: ModelResult[];
  simulations: number;
  seconds: number;
}

/** What is saved between stages; a resumed run reads it back. */
interface Checkpoint {
  config_sha256: string;
  pilot?: { thetas: number[][]; statistics: number[][] };
  morris?: { y: number[][] };
  models: Record<string, { generations: Generation[]; stopped?: string; simulations?: number }>;
}

/** The sizes a checkpoint of these inputs has: parameters of the priors, targets, Morris trajectories. */
interface CheckpointShape {
  priors: number;
  targets: number;
  trajectories: number;
}

/** JSON writes NaN and ±Infinity as null: a null number reads back as `missing`. */
const numberOr = (missing: number, n = z.number()) => n.nullable().transform((v) => v ?? missing);
const lengthIs = (n: number) => (xs: unknown[]) => xs.length === n;

/** A saved checkpoint as resuming relies on it (sizes from the inputs it was made from). */
function checkpointSchema(shape: CheckpointShape) {
  const stats = z.array(numberOr(NaN)).refine(lengthIs(shape.targets), msg.checkpointStatisticCount(shape.targets));
  const scales = z.array(z.number().positive()).refine(lengthIs(shape.targets), msg.checkpointScaleCount(shape.targets));
  const generation = z
    .object({
      index: z.number().int().min(0),
      // The first generation's tolerance is infinite.
      tolerance: numberOr(Infinity, z.number().min(0)),
      thetas: z.array(z.array(z.number())).min(1),
      weights: z.array(z.number().min(0)).min(1),
      distances: z.array(numberOr(Infinity, z.number().min(0))),
      statistics: z.array(stats),
      scales,
      nextScales: scales,
      simulations: z.number().int().min(0),
      acceptance: z.number().min(0).max(1),
    })
    .superRefine((g, ctx) => {
      const n = g.thetas.length;
      for (const key of ['weights', 'distances', 'statistics'] as const)
        if (g[key].length !== n) ctx.addIssue({ code: 'custom', path: [key], message: msg.checkpointParticleCount(n, g[key].length) });
      const total = g.weights.reduce((a, b) => a + b, 0);
      if (!(Number.isFinite(total) && total > 0))
        ctx.addIssue({ code: 'custom', path: ['weights'], message: msg.checkpointWeightSum(total) });
    });
  return z.object({
    config_sha256: z.string(),
    pilot: z
      .object({
        thetas: z.array(z.array(z.number()).refine(lengthIs(shape.priors), msg.checkpointParameterCount(shape.priors))).min(1),
        statistics: z.array(stats).min(1),
      })
      .refine((p) => p.thetas.length === p.statistics.length, {
        path: ['statistics'],
        message: msg.checkpointPilotStatistics(),
      })
      .optional(),
    morris: z
      .object({
        y: z
          .array(z.array(numberOr(NaN)).refine(lengthIs(shape.priors + 1), msg.checkpointPointCount(shape.priors + 1)))
          .refine(lengthIs(shape.trajectories), msg.checkpointTrajectoryCount(shape.trajectories)),
      })
      .optional(),
    models: z.record(
      z.string(),
      z.object({
        generations: z
          .array(generation)
          .superRefine((gs, ctx) =>
            gs.forEach(
              (g, i) =>
                g.index === i || ctx.addIssue({ code: 'custom', path: [i, 'index'], message: msg.checkpointGenerationOrder(i, g.index) }),
            ),
          ),
        stopped: z.enum(['generations', 'acceptance', 'tolerance', 'simulations']).optional(),
        simulations: z.number().int().min(0).optional(),
      }),
    ),
  });
}

/** Problems listed at most for a damaged checkpoint; the rest are counted. */
const MAX_PROBLEMS = 20;

/** A damaged checkpoint: its problems (the first MAX_PROBLEMS), then what to do. */
const damaged = (path: string, problems: Problem[]) =>
  new InputError([
    ...problems.slice(0, MAX_PROBLEMS),
    ...(problems.length > MAX_PROBLEMS ? [msg.moreProblems(path, problems.length - MAX_PROBLEMS)] : []),
    msg.checkpointDamaged(path),
  ]);

/** Whether a checkpoint is there (a regular file); anything else at its path is an InputError. */
function checkpointExists(path: string): boolean {
  let s;
  try {
    s = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    throw new InputError([msg.checkpointUnreadable(path, code ?? (e as Error).message)]);
  }
  if (s.isDirectory()) throw new InputError([msg.checkpointIsFolder(path)]);
  if (!s.isFile()) throw new InputError([msg.checkpointNotRegular(path)]);
  return true;
}

/**
 * Reads a saved checkpoint back, checking everything resuming relies on; one made
 * from other inputs is a ResumeMismatch, a damaged one an InputError that names it.
 */
function readCheckpoint(path: string, hash: string, shape: CheckpointShape): Checkpoint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError([msg.checkpointUnreadable(path, (e as NodeJS.ErrnoException).code ?? (e as Error).message)]);
  }
  if (text.trim() === '') throw new InputError([msg.checkpointEmpty(path)]);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError([msg.checkpointCutShort(path, (e as Error).message)]);
  }
  const sha = (data as { config_sha256?: unknown } | null)?.config_sha256;
  if (typeof sha === 'string' && sha !== hash) throw new ResumeMismatch(path);
  const schema = checkpointSchema(shape);
  const r = schema.safeParse(data);
  if (!r.success)
    throw damaged(
      path,
      describeIssues(r.error.issues, data, schema).map((d): Problem => ({ ...d.problem, file: path })),
    );
  return r.data;
}

/** Where a calibration's checkpoint lives: beside its output folder. */
export const checkpointPath = (out: string) => join(dirname(out), `.tipsim-calibrate-${basename(out)}.json`);

function saveCheckpoint(path: string, c: Checkpoint): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  // Infinity (the first generation's tolerance) is written as null; abc.ts reads it back.
  writeFileSync(tmp, JSON.stringify(c));
  renameSync(tmp, path);
}

/** Pseudo-targets that read the true trade from a run (value NaN: never fitted). */
export function tradeTargets(): Target[] {
  return TRADE_METRICS.flatMap((metric) =>
    TRADE_YEARS.map((year) => ({ group: `trade_${metric}`, metric, country: 'ALL', year, value: NaN, sigma: 1, source: 'model' })),
  );
}

export async function calibrate(o: CalibrateOptions): Promise<CalibrationResult> {
  const t0 = Date.now();
  const configText = readFileSync(o.configPath, 'utf8');
  const config = loadConfig(o.configPath);
  const targets = loadTargets(config.targets);
  const allPriors = loadPriors(config.priors);
  const budget = o.budget ?? config.abc.max_simulations;
  // The checkpoint belongs to these inputs: the config, targets, priors and scenarios as they are now.
  const inputs = [configText, readFileSync(config.targets, 'utf8'), readFileSync(config.priors, 'utf8'), String(budget)];
  const scenarios = config.models.map((m) => {
    const s = loadScenario(m.scenario, { allowOutsideExtends: o.allowOutsideExtends }).scenario;
    inputs.push(JSON.stringify(s));
    return { ...s, end: config.end } as Scenario;
  });
  const hash = sha256(inputs.join('\0'));
  const cpPath = checkpointPath(o.outOverride ?? config.out);
  let cp: Checkpoint = { config_sha256: hash, models: {} };
  // A folder (or device) where the checkpoint goes is refused before any simulation, resuming or not.
  if (checkpointExists(cpPath) && o.resume)
    cp = readCheckpoint(cpPath, hash, { priors: allPriors.length, targets: targets.length, trajectories: config.screening.trajectories });
  const save = () => saveCheckpoint(cpPath, cp);
  const main = scenarios[0];
  const run = async (stage: string, scenario: Scenario, priors: Prior[], thetas: number[][], seeds: string[], ts = targets) => {
    o.progress?.stage(stage, thetas.length);
    return runBatch({ scenario, priors, targets: ts, thetas, seeds }, o.workers, (d) => o.progress?.done(d));
  };

  // 1. Pilot: the statistics' scales from draws of the prior.
  if (!cp.pilot) {
    const draw = Stream.fromKey(seedKey(config.seed, 'pilot', 'theta'));
    const thetas = Array.from({ length: config.pilot.simulations }, () => allPriors.map((p) => priorQuantile(p, draw.uniform())));
    const stats = await run(
      'pilot',
      main,
      allPriors,
      thetas,
      thetas.map((_, i) => seedKey(config.seed, 'pilot', i)),
    );
    cp.pilot = { thetas, statistics: stats.map((s) => Array.from(s)) };
    save();
  }
  // Read back from JSON, a NaN statistic is null.
  const scales = statisticScales(
    cp.pilot.statistics.map((s) => Float64Array.from(s, (v) => v ?? NaN)),
    targets,
  );

  // 2. Screening: Morris elementary effects on the distance, averaged over seeds.
  const sc = config.screening;
  const design = morrisDesign(allPriors.length, sc.trajectories, sc.levels, Stream.fromKey(seedKey(config.seed, 'morris', 'design')));
  if (!cp.morris) {
    const thetas: number[][] = [],
      seeds: string[] = [];
    design.forEach((tr, t) =>
      tr.points.forEach((pt, j) => {
        for (let s = 0; s < sc.seeds; s++) {
          thetas.push(allPriors.map((p, i) => priorQuantile(p, Math.min(pt[i], 1 - 1e-12))));
          seeds.push(seedKey(config.seed, 'morris', t, j, s));
        }
      }),
    );
    const stats = await run('screening', main, allPriors, thetas, seeds);
    const d = stats.map((s) => distance(s, targets, scales));
    const per = allPriors.length + 1;
    cp.morris = {
      y: design.map((_, t) => Array.from({ length: per }, (_, j) => mean(d.slice((t * per + j) * sc.seeds, (t * per + j + 1) * sc.seeds)))),
    };
    save();
  }
  const effects = morrisEffects(design, cp.morris.y);
  const maxMu = Math.max(...effects.muStar);
  const kept = Array.from(effects.muStar, (m, i) => m >= sc.keep * maxMu || sc.always.includes(allPriors[i].name));

  // 3. ABC-SMC per model, over the kept parameters less the model's fixed ones.
  const models: ModelResult[] = [];
  for (const [mi, m] of config.models.entries()) {
    const priors = allPriors.filter((p, i) => kept[i] && !m.fixed.includes(p.name));
    const saved = (cp.models[m.name] ??= { generations: [] });
    const wrongSize = saved.generations.flatMap((g, gi) =>
      g.thetas.flatMap((t, i): Problem[] =>
        t.length === priors.length
          ? []
          : [msg.checkpointCalibratedParameterCount(cpPath, `models.${m.name}.generations[${gi}].thetas[${i}]`, priors.length, t.length)],
      ),
    );
    if (wrongSize.length) throw damaged(cpPath, wrongSize);
    let result: { generations: Generation[]; simulations: number; stopped: string };
    if (saved.stopped) {
      // Read back from JSON, the first generation's infinite tolerance is null.
      const generations = saved.generations.map((g) => ({ ...g, tolerance: g.tolerance ?? Infinity }));
      result = { generations, simulations: saved.simulations ?? sum(generations.map((g) => g.simulations)), stopped: saved.stopped };
    } else {
      o.progress?.stage(`abc ${m.name}`, 0);
      let doneBefore = 0;
      const simulate = simulator({
        scenario: scenarios[mi],
        priors,
        targets,
        workers: o.workers,
        onProgress: (d) => o.progress?.done(doneBefore + d),
      });
      result = await abcSmc({
        priors,
        seed: seedKey(config.seed, 'model', m.name),
        particles: config.abc.particles,
        quantile: config.abc.quantile,
        minAcceptance: config.abc.min_acceptance,
        minTolChange: config.abc.min_tolerance_change,
        maxGenerations: config.abc.max_generations,
        maxSimulations: budget,
        resume: saved.generations,
        simulate: async (thetas, seeds) => {
          const stats = await simulate(thetas, seeds);
          doneBefore += thetas.length;
          return stats;
        },
        distance: (st, sc) => distance(st, targets, sc),
        scales,
        rescale: (all) => statisticScales(all, targets),
        onGeneration: (g) => {
          saved.generations.push(g);
          save();
          o.progress?.generation(m.name, g);
        },
      });
      saved.stopped = result.stopped;
      saved.simulations = result.simulations;
      save();
    }
    models.push({
      name: m.name,
      scenarioPath: m.scenario,
      scenario: scenarios[mi],
      priors,
      generations: result.generations,
      stopped: result.stopped,
      simulations: result.simulations,
      predictive: { particles: [], statistics: [] },
    });
  }

  // 4. Posterior predictive runs (to `end`), with the true trade read alongside.
  const withTrade = [...targets, ...tradeTargets()];
  for (const m of models) {
    const last = m.generations[m.generations.length - 1];
    const particles = drawByWeight(last.weights, config.predictive.replicates, seedKey(config.seed, 'predictive', m.name, 'draw'));
    const stats = await run(
      `predictive ${m.name}`,
      m.scenario,
      m.priors,
      particles.map((i) => last.thetas[i]),
      particles.map((_, r) => seedKey(config.seed, 'predictive', m.name, r)),
      withTrade,
    );
    m.predictive = { particles, statistics: stats };
  }
  const simulations =
    cp.pilot.statistics.length +
    cp.morris.y.length * (allPriors.length + 1) * sc.seeds +
    sum(models.map((m) => m.simulations + m.predictive.statistics.length));
  return {
    config,
    configText,
    targets,
    allPriors,
    scales,
    morris: { ...effects, kept },
    models,
    simulations,
    seconds: (Date.now() - t0) / 1000,
  };
}

/** A checkpoint made from other inputs cannot be resumed. */
export class ResumeMismatch extends Error {
  constructor(readonly path: string) {
    super(`the saved calibration ${path} was made from other inputs (config, targets, priors, scenarios or budget)`);
  }
}

export const removeCheckpoint = (out: string) => rmSync(checkpointPath(out), { force: true });

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
