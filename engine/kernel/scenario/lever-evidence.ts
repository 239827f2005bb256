/**
 * The evidence for the policy levers (data/levers.json, or a file of the same form
 * a user gives): for each lever of engine/model/levers.ts, its default unit cost and
 * the uncertain effects it moves, each with a value, a range, the distribution drawn
 * from it, the kind of source, a reference and a reason. This module checks the
 * file's shape and lists its uncertain inputs for `tipsim compare --uncertainty`,
 * in the form of calibration/priors.yaml's parameters (dotted scenario paths, mode
 * set or scale, uniform or log-uniform on [low, high]).
 *
 * The model itself reads only the default unit costs, straight from the JSON
 * (levers.ts), so that the step loop's workers load no schema.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import evidenceData from '../../../data/levers.json' with { type: 'json' };
import { LEVER_NAMES, type LeverName } from './levers.ts';
import { InputError, msg, type Problem } from '../messages.ts';
import { describeIssues } from './errors.ts';
import { LIMITS } from './schema.ts';

/** Where the bundled evidence lives, relative to the project's root (for messages). */
export const LEVER_EVIDENCE_FILE = 'data/levers.json';

export const SOURCES = ['assumption', 'budget', 'evaluation', 'estimate'] as const;
export type EvidenceSource = (typeof SOURCES)[number];

const NAME = /^[a-z0-9_]+$/;
const PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_-]+)*$/;

/** What every figure of the file carries: a default, its range and why. */
const figure = {
  value: z.number().meta({ description: 'The default: what runs use when nothing is drawn.' }),
  low: z.number().meta({ description: 'Low end of the range drawn from.' }),
  high: z.number().meta({ description: 'High end of the range drawn from.' }),
  distribution: z.enum(['uniform', 'log_uniform']).meta({ description: 'How values are drawn from [low, high].' }),
  source: z.enum(SOURCES).meta({
    description:
      'assumption (no figure stands behind it), budget (a budget line), evaluation (a measured effect), or estimate (a published estimate).',
  }),
  reference: z.string().max(LIMITS.sourceLength).meta({ description: 'Full citation of the source; may be empty for an assumption.' }),
  reason: z.string().max(LIMITS.descriptionLength).meta({ description: 'Why this value and range, in a sentence or two.' }),
};

/** Problems of a figure that its fields alone do not show: order of the range, a reference, a reason. */
function checkFigure(
  f: { value: number; low: number; high: number; distribution: string; source: string; reference: string; reason: string },
  ctx: z.RefinementCtx,
): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!Number.isFinite(f.low) || !Number.isFinite(f.high) || !Number.isFinite(f.value)) return; // reported as numbers
  if (!(f.low <= f.high)) issue('high', msg.evidenceHighBelowLow(f.low, f.high));
  else if (!(f.value >= f.low && f.value <= f.high)) issue('value', msg.evidenceValueOutsideRange(f.low, f.high, f.value));
  if (f.distribution === 'log_uniform' && !(f.low > 0)) issue('low', msg.evidenceLogUniformLow(f.low));
  if (f.reason.trim() === '') issue('reason', msg.evidenceNoReason());
  if (f.source !== 'assumption' && f.reference.trim() === '') issue('reference', msg.evidenceNoReference(f.source));
}

const UnitCost = z
  .strictObject({
    ...figure,
    value: figure.value.min(0).max(LIMITS.eur),
    low: figure.low.min(0).max(LIMITS.eur),
    high: figure.high.min(0).max(LIMITS.eur),
  })
  .superRefine(checkFigure)
  .meta({ description: 'Default cost per unit of the lever (EUR), drawn for levers.<lever>.unit_cost.' });

const Effect = z
  .strictObject({
    name: z.string().regex(NAME, msg.evidenceName()).max(LIMITS.nameLength),
    path: z.string().regex(PATH, msg.evidencePath()).max(LIMITS.pathLength),
    mode: z.enum(['set', 'scale']).meta({ description: 'set: the path gets the drawn value; scale: its value is multiplied by it.' }),
    ...figure,
  })
  .superRefine((e, ctx) => {
    checkFigure(e, ctx);
    // A lever's own effect multiplier must stay within what a scenario accepts.
    const m = /^levers\.([a-z_]+)\.effect$/.exec(e.path);
    if (m && e.mode === 'set' && (e.low < 0 || e.high > LIMITS.leverEffect))
      ctx.addIssue({
        code: 'custom',
        path: ['high'],
        message: msg.leverEffectRange(LIMITS.leverEffect, e.low, e.high),
      });
    if (m && !(LEVER_NAMES as readonly string[]).includes(m[1]))
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message: msg.leverEffectUnknown(LEVER_NAMES, m[1]),
      });
  });

const LeverEntry = z.strictObject({
  unit_cost: UnitCost,
  effects: z.array(Effect).meta({ description: 'The uncertain effects the lever moves.' }),
});

const shape = Object.fromEntries(LEVER_NAMES.map((name) => [name, LeverEntry])) as Record<LeverName, typeof LeverEntry>;

export const LeverEvidenceSchema = z.strictObject({ $comment: z.string().optional(), ...shape }).meta({
  title: 'tipsim lever evidence',
  description: 'Unit costs and effect sizes of the policy levers, with their ranges, sources and reasons.',
});

/**
 * Problems across levers, found in the data as given (so they are listed with the
 * schema's, not after them): an input is one name, so a name used under several
 * levers (information's effect under both awareness levers) must say the same
 * everywhere, and no effect may take a unit cost's name.
 */
function nameProblems(data: unknown, file: string): Problem[] {
  const problems: Problem[] = [];
  if (data === null || typeof data !== 'object') return problems;
  const seen = new Map<string, { lever: string; json: string }>();
  const costNames = new Set(LEVER_NAMES.map((n) => `${n}_unit_cost`));
  for (const lever of LEVER_NAMES) {
    const effects = ((data as Record<string, unknown>)[lever] as { effects?: unknown } | undefined)?.effects;
    if (!Array.isArray(effects)) continue;
    effects.forEach((e: unknown, i) => {
      if (e === null || typeof e !== 'object' || typeof (e as { name?: unknown }).name !== 'string') return;
      const { name, path, mode, value, low, high, distribution } = e as Record<string, unknown> & { name: string };
      const json = JSON.stringify([path, mode, value, low, high, distribution]);
      const first = seen.get(name);
      const at = `${lever}.effects[${i}].name`;
      if (costNames.has(name)) problems.push(msg.evidenceNameIsUnitCost(file, at, name));
      else if (first && first.json !== json) problems.push(msg.evidenceNameReused(file, at, name, first.lever));
      else if (!first) seen.set(name, { lever, json });
    });
  }
  return problems;
}

export type LeverEvidence = z.output<typeof LeverEvidenceSchema>;
export type LeverFigure = LeverEvidence[LeverName]['unit_cost'];
export type LeverEffect = LeverEvidence[LeverName]['effects'][number];

/** The evidence as data, checked: an InputError naming `file` lists every problem at once. */
export function parseLeverEvidence(data: unknown, file: string): LeverEvidence {
  const r = LeverEvidenceSchema.safeParse(data);
  const problems = r.success ? [] : describeIssues(r.error.issues, data, LeverEvidenceSchema).map((d): Problem => ({ ...d.problem, file }));
  problems.push(...nameProblems(data, file));
  if (problems.length || !r.success) throw new InputError(problems);
  return r.data;
}

let bundled: LeverEvidence | undefined;

/** The bundled evidence (data/levers.json), checked once. */
export function leverEvidence(): LeverEvidence {
  bundled ??= parseLeverEvidence(evidenceData, LEVER_EVIDENCE_FILE);
  return bundled;
}

/** A user's evidence file of the same form as data/levers.json (JSON), checked. */
export function loadLeverEvidence(path: string): LeverEvidence {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([code === 'ENOENT' ? msg.fileNotFound(path) : msg.fileUnreadable(path, code ?? msg.cut(String(e)))]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError([msg.parseError(path, undefined, (e as Error).message.split('\n')[0])]);
  }
  return parseLeverEvidence(data, path);
}

/** One uncertain input of the levers, in the form of a calibration prior. */
export interface LeverInput {
  /** `<lever>_unit_cost` for a unit cost, the effect's own name for an effect. */
  name: string;
  /** The lever it belongs to (for an input shared by several levers, the first in LEVER_NAMES). */
  lever: LeverName;
  kind: 'unit_cost' | 'effect';
  paths: string[];
  mode: 'set' | 'scale';
  distribution: 'uniform' | 'log_uniform';
  low: number;
  high: number;
  /** The default, used when the input is not drawn. */
  value: number;
}

/**
 * The uncertain inputs as a flat list, lever by lever (LEVER_NAMES order): its unit
 * cost (path levers.<lever>.unit_cost, mode set), then its effects. An effect named
 * under several levers (information's effect under both awareness levers) is one
 * input, listed under the first.
 */
export function leverInputs(e: LeverEvidence): LeverInput[] {
  const out: LeverInput[] = [];
  const names = new Set<string>();
  const push = (input: LeverInput) => {
    if (names.has(input.name)) return;
    names.add(input.name);
    out.push(input);
  };
  for (const lever of LEVER_NAMES) {
    const { unit_cost: c, effects } = e[lever];
    push({
      name: `${lever}_unit_cost`,
      lever,
      kind: 'unit_cost',
      paths: [`levers.${lever}.unit_cost`],
      mode: 'set',
      distribution: c.distribution,
      low: c.low,
      high: c.high,
      value: c.value,
    });
    for (const f of effects)
      push({
        name: f.name,
        lever,
        kind: 'effect',
        paths: [f.path],
        mode: f.mode,
        distribution: f.distribution,
        low: f.low,
        high: f.high,
        value: f.value,
      });
  }
  return out;
}
