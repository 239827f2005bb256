/**
 * The calibration's inputs: targets (calibration/targets.yaml) and free parameters
 * with their priors (calibration/priors.yaml), their schemas and loaders, drawing
 * from a prior, and setting drawn values into a scenario. The methods (screening,
 * ABC-SMC) build on these.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError, msg, type Problem } from '../../kernel/messages.ts';
import { describeIssues } from '../../kernel/scenario/errors.ts';
import { COUNTRY_CODES } from '../../kernel/scenario/countries.ts';
import { reporterIndex } from '../../model/metrics.ts';

export const TargetsSchema = z.strictObject({
  error: z.strictObject({
    transform: z.literal('log1p').meta({ description: 'Figures are compared as log(1 + x).' }),
    default_sigma: z.number().positive(),
  }),
  groups: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z0-9_]+$/),
        metric: z.string().refine((m) => reporterIndex.has(m), { message: msg.targetMetric() }),
        country: z.union([z.enum(COUNTRY_CODES), z.literal('ALL')]),
        source: z.string().min(1),
        sigma: z.number().positive().optional(),
        values: z.record(z.string().regex(/^\d{4}$/, msg.targetYear()), z.number().min(0)),
        sigma_by_year: z.record(z.string().regex(/^\d{4}$/, msg.targetYear()), z.number().positive()).optional(),
      }),
    )
    .min(1),
});

/** One published figure to fit. */
export interface Target {
  group: string;
  metric: string;
  country: string;
  year: number;
  value: number;
  /** Standard deviation of the observation error on the log(1 + x) scale. */
  sigma: number;
  source: string;
}

export const PriorsSchema = z.strictObject({
  parameters: z
    .array(
      z
        .strictObject({
          name: z.string().regex(/^[a-z0-9_]+$/),
          paths: z.array(z.string().regex(/^[A-Za-z0-9_.-]+$/)).min(1),
          mode: z.enum(['set', 'scale', 'shift']),
          distribution: z.enum(['uniform', 'log_uniform']),
          range: z.tuple([z.number(), z.number()]),
          reason: z.string().min(1),
        })
        .superRefine((p, ctx) => {
          if (!(p.range[0] < p.range[1])) ctx.addIssue({ code: 'custom', path: ['range'], message: msg.priorRangeOrder(p.range) });
          if (p.distribution === 'log_uniform' && !(p.range[0] > 0))
            ctx.addIssue({
              code: 'custom',
              path: ['range'],
              message: msg.priorLogUniformLow(p.range[0]),
            });
        }),
    )
    .min(1),
});
export type Prior = z.output<typeof PriorsSchema>['parameters'][number];

function loadYaml<T extends z.ZodType>(path: string, schema: T): z.output<T> {
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError([msg.calibrationFileNotRead(path, (e as Error).message.split('\n')[0])]);
  }
  const r = schema.safeParse(data);
  if (!r.success) throw new InputError(describeIssues(r.error.issues, data, schema).map((d): Problem => ({ ...d.problem, file: path })));
  return r.data;
}

/** The targets as a flat list, in file order and year order. */
export function loadTargets(path: string): Target[] {
  const file = loadYaml(path, TargetsSchema);
  const out: Target[] = [];
  for (const g of file.groups)
    for (const [year, value] of Object.entries(g.values).sort(([a], [b]) => Number(a) - Number(b)))
      out.push({
        group: g.name,
        metric: g.metric,
        country: g.country,
        year: Number(year),
        value,
        sigma: g.sigma_by_year?.[year] ?? g.sigma ?? file.error.default_sigma,
        source: g.source,
      });
  return out;
}

export function loadPriors(path: string): Prior[] {
  const priors = loadYaml(path, PriorsSchema).parameters;
  const seen = new Set<string>();
  for (const p of priors) {
    if (seen.has(p.name)) throw new InputError([msg.priorNameTwice(path, p.name)]);
    seen.add(p.name);
  }
  return priors;
}

/** The value of a prior at quantile u in [0, 1). */
export function priorQuantile(p: Prior, u: number): number {
  const [lo, hi] = p.range;
  return p.distribution === 'uniform' ? lo + u * (hi - lo) : Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
}

/** Prior density (up to a constant) at x: 0 outside the range. */
export function priorDensity(p: Prior, x: number): number {
  const [lo, hi] = p.range;
  if (!(x >= lo && x <= hi)) return 0;
  return p.distribution === 'uniform' ? 1 / (hi - lo) : 1 / (x * (Math.log(hi) - Math.log(lo)));
}

const Count = z.number().int().min(1);

/** calibration/config.yaml: what `tipsim calibrate` does (paths relative to the file). */
export const ConfigSchema = z.strictObject({
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  targets: z.string().min(1),
  priors: z.string().min(1),
  end: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg.configMonth()),
  out: z.string().min(1),
  pilot: z.strictObject({ simulations: z.number().int().min(5) }),
  screening: z.strictObject({
    trajectories: Count,
    levels: z
      .number()
      .int()
      .min(2)
      .refine((l) => l % 2 === 0, msg.configEvenLevels()),
    seeds: Count,
    keep: z.number().min(0).max(1),
    /** Parameters calibrated whatever their mu* (each named in the priors). */
    always: z.array(z.string()).default([]),
  }),
  abc: z.strictObject({
    particles: z.number().int().min(2),
    quantile: z.number().gt(0).lt(1),
    min_acceptance: z.number().min(0).max(1),
    min_tolerance_change: z.number().min(0).max(1),
    max_generations: Count,
    max_simulations: Count,
  }),
  models: z
    .array(z.strictObject({ name: z.string().regex(/^[a-z0-9_]+$/), scenario: z.string().min(1), fixed: z.array(z.string()).default([]) }))
    .min(1),
  predictive: z.strictObject({ replicates: z.number().int().min(5) }),
});
export type CalibrationConfig = z.output<typeof ConfigSchema>;

/** The config with its paths made absolute (relative to the config file). */
export function loadConfig(path: string): CalibrationConfig {
  const config = loadYaml(path, ConfigSchema);
  const at = (p: string) => resolvePath(dirname(resolvePath(path)), p);
  const names = new Set<string>();
  const problems: Problem[] = [];
  config.models.forEach((m, i) => {
    if (names.has(m.name)) problems.push(msg.modelNameTwice(path, i, m.name));
    names.add(m.name);
  });
  // Every parameter the config names (screening.always, models' fixed) is one of the priors.
  const known = new Set(loadPriors(at(config.priors)).map((p) => p.name));
  const unknown = (field: string, n: string) => problems.push(msg.configUnknownParameter(path, field, [...known], n));
  config.screening.always.forEach((n, i) => known.has(n) || unknown(`screening.always.${i}`, n));
  config.models.forEach((m, j) => m.fixed.forEach((n, i) => known.has(n) || unknown(`models.${j}.fixed.${i}`, n)));
  if (problems.length) throw new InputError(problems);
  return {
    ...config,
    targets: at(config.targets),
    priors: at(config.priors),
    out: at(config.out),
    models: config.models.map((m) => ({ ...m, scenario: at(m.scenario) })),
  };
}
