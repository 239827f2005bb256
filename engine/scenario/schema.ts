/**
 * The scenario schema: the one definition of a scenario file. Types come from it
 * through z.infer, defaults and ranges live in it, and `tipsim schema` turns it into
 * a JSON Schema for editors.
 *
 * `makeScenarioSchema(window)` takes the run's start and end so that an expression
 * is checked (finite, in range) at every month it will be used; the exported
 * `ScenarioSchema` uses a wide default window and serves types and the JSON Schema.
 */
import { z } from 'zod';
import { parseDate, decimalYear } from '../core/clock.ts';
import { compileExpression, scheduleProblems } from '../core/timevalue.ts';
import { COUNTRY_CODES } from '../model/world.ts';

export interface Window {
  start: string;
  end: string;
}
const DEFAULT_WINDOW: Window = { start: '1990-01', end: '2030-12' };

const fmt = (n: number) => (n === Infinity ? '∞' : String(n));

/**
 * A whole number in [min, max]. zod's own .int() stops the parse when it fails,
 * which would skip the file-level checks below; this refinement does not, so every
 * problem in a file is still reported at once. JSON Schema type: integer.
 */
export const whole = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.number().min(min).max(max).refine(Number.isInteger, { message: 'expected a whole number' }).meta({ type: 'integer' });

/** A date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (a bare YAML year number is accepted). */
export const DateSchema = z
  .union([z.string(), whole(0, 9999)])
  .refine((v) => parseDate(v) !== null, { message: 'expected a date as YYYY, YYYY-MM or YYYY-MM-DD' })
  .transform((v) => String(v))
  .meta({ description: "A date: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'." });

/** A non-negative whole number of people (or other things). */
export const Count = whole(0);

/**
 * A value that may change over time, within [min, max]: a number; a schedule
 * `{schedule: {date: value, ...}, interpolate: step|linear}`; or an expression
 * `{expr: "..."}` of t (decimal year), year and month.
 *
 * Any of these may carry where it comes from: `{value: …, source: "…"}` for a
 * figure from the article or a cited source, or `{value: …, assumption: [low, high]}`
 * for an assumption, with the range the calibration may explore.
 */
function timeValueFactory(window: Window) {
  const months: { t: number; year: number; month: number }[] = [];
  const s = parseDate(window.start)!;
  const e = parseDate(window.end)!;
  for (let i = 0; ; i++) {
    const m0 = s.month - 1 + i;
    const year = s.year + Math.floor(m0 / 12);
    const month = (m0 % 12) + 1;
    if (year > e.year || (year === e.year && month > e.month)) break;
    months.push({ t: year + (month - 1) / 12, year, month });
  }
  return (min: number, max: number, description: string) => {
    // No .max() for an open range: JSON Schema has no infinite maximum.
    const inRange = max === Infinity ? z.number().min(min) : z.number().min(min).max(max);
    const schedule = z
      .strictObject({
        schedule: z.record(z.string(), inRange).meta({ description: 'Values by date.' }),
        interpolate: z.enum(['step', 'linear']).default('step'),
      })
      .superRefine((v, ctx) => {
        for (const message of scheduleProblems(v)) ctx.addIssue({ code: 'custom', message, path: ['schedule'] });
      });
    const expr = z
      .strictObject({ expr: z.string().min(1).meta({ description: 'A mathjs expression of t, year and month.' }) })
      .superRefine((v, ctx) => {
        let compiled;
        try {
          compiled = compileExpression(v.expr);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message, path: ['expr'] });
          return;
        }
        for (const m of months) {
          let x: number;
          try {
            x = compiled.evaluate(m);
          } catch (err) {
            ctx.addIssue({ code: 'custom', message: `at ${m.year}-${String(m.month).padStart(2, '0')}: ${(err as Error).message}`, path: ['expr'] });
            return;
          }
          if (!Number.isFinite(x) || x < min || x > max) {
            ctx.addIssue({
              code: 'custom',
              message: `expected values in [${fmt(min)}, ${fmt(max)}], found ${x} at ${m.year}-${String(m.month).padStart(2, '0')}`,
              path: ['expr'],
            });
            return;
          }
        }
      });
    const plain = z.union([inRange, schedule, expr]);
    const withSource = z.strictObject({
      value: plain,
      source: z.string().min(1).meta({ description: 'Where the value comes from (the article, or a cited source).' }),
    });
    const range = z
      .tuple([inRange, inRange])
      .refine(([lo, hi]) => lo <= hi, { message: 'expected [low, high] with low ≤ high' })
      .meta({ description: `The range an assumption may take, for calibration (within [${fmt(min)}, ${fmt(max)}]).` });
    const withAssumption = z.strictObject({
      value: plain,
      assumption: range,
      note: z.string().optional().meta({ description: 'Why this value and range.' }),
    });
    return z
      .union([plain, withSource, withAssumption])
      .meta({ description: `${description} Range [${fmt(min)}, ${fmt(max)}]. May be written {value, source} or {value, assumption: [low, high]}.` });
  };
}

export const CountryCode = z.enum(COUNTRY_CODES);
const BORDER_KEY = /^[A-Z]{2}-[A-Z]{2}$/;

export function makeScenarioSchema(window: Window = DEFAULT_WINDOW) {
  const timeValue = timeValueFactory(window);
  const probability = (description: string) => timeValue(0, 1, description);

  const Country = z
    .strictObject({
      population_at_risk: Count.default(0).meta({ description: 'People at home in the population at risk (count).' }),
      female_share: probability('Share of women and girls in the population at risk (at the start).').default(0.5),
      child_share: probability('Share of children (under 18) in the population at risk (at the start).').default(0),
      aware_share: probability('Share of the population at risk informed about legal migration and the risks (at the start).').default(0),
      awareness_campaign: probability('Monthly share of the uninformed population at risk that awareness campaigns reach.').default(0),
      emigration: probability('Monthly probability that a person at risk looks for work abroad, before success stories.').default(0),
      success_stories: timeValue(0, 100, 'How much success stories raise the wish to leave: the monthly probability is multiplied by 1 + this × the share of the country’s people at risk who are abroad safely.').default(0),
      recruited_share: probability('Share of those leaving who accept a recruiter’s offer (the rest migrate safely).').default(0.5),
      safe_return: probability('Monthly probability that a safe (not trafficked) migrant comes home.').default(0.04),
      demand: timeValue(0, Infinity, 'Relative demand for exploitation (a destination weight).').default(0),
      detection: probability('Monthly probability that police identify an exploited victim.').default(0),
      escape: probability('Monthly probability that an exploited victim escapes unidentified.').default(0.01),
    })
    .meta({ description: 'One country: its population at risk and its rates.' });

  const Border = z
    .strictObject({
      interception: probability('Probability that a crossing victim is intercepted and identified.').default(0),
    })
    .meta({ description: 'A border crossing (land, sea or air link) between two countries, keyed "AA-BB".' });

  return z
    .strictObject({
      $schema: z.string().optional().meta({ description: 'Path of the JSON Schema, for editors.' }),
      extends: z.string().optional().meta({ description: 'A scenario file this one overrides (path relative to this file).' }),
      name: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a name of letters, digits, "_", "." or "-"')
        .meta({ description: 'Short name; the default output folder is out/<name>/.' }),
      description: z.string().default(''),
      seed: whole(0).default(1).meta({ description: 'Master seed of the seed tree.' }),
      replicates: whole(1, 100_000).default(10).meta({ description: 'Replicates of an ensemble run.' }),
      start: DateSchema.meta({ description: 'First month simulated.' }),
      end: DateSchema.meta({ description: 'Last month simulated (inclusive).' }),
      countries: z.partialRecord(CountryCode, Country).default({}).meta({ description: 'Countries by ISO 3166 alpha-2 code (CS Serbia and Montenegro, XK Kosovo).' }),
      borders: z
        .record(z.string().regex(BORDER_KEY, 'expected a border key "AA-BB" of two country codes'), Border)
        .default({})
        .meta({ description: 'Border crossings keyed "AA-BB" (ISO codes of the two neighbours).' }),
      behaviour: z
        .strictObject({
          aware_acceptance: probability('Chance that an informed person accepts a recruiter’s offer, relative to an uninformed one (1: information has no effect).').default(1),
        })
        .default({ aware_acceptance: 1 }),
      observation: z
        .strictObject({
          coverage: probability('Share of identified victims that assistance agencies count and report.').default(1),
        })
        .default({ coverage: 1 }),
      agents: z
        .strictObject({
          capacity: whole(1, 10_000_000).default(50_000).meta({ description: 'Initial room for explicit agents; grows by doubling when needed.' }),
        })
        .default({ capacity: 50_000 }),
    })
    .superRefine(
      (s, ctx) => {
        // Runs even when other fields have problems (`when`), so every problem is
        // reported at once; the data may then be partly invalid.
        const start = typeof s.start === 'string' || typeof s.start === 'number' ? parseDate(s.start) : null;
        const end = typeof s.end === 'string' || typeof s.end === 'number' ? parseDate(s.end) : null;
        if (start && end && decimalYear(String(s.end)) < decimalYear(String(s.start)))
          ctx.addIssue({ code: 'custom', path: ['end'], message: `expected a date on or after start (${s.start}), found ${s.end}` });
        const borders = s.borders && typeof s.borders === 'object' ? Object.keys(s.borders) : [];
        const listed = s.countries && typeof s.countries === 'object' ? Object.keys(s.countries) : [];
        const seen = new Map<string, string>();
        for (const key of borders) {
          if (!BORDER_KEY.test(key)) continue;
          const [a, b] = key.split('-');
          const pair = [a, b].sort().join('-');
          if (seen.has(pair))
            ctx.addIssue({ code: 'custom', path: ['borders', key], message: `expected each border once, found ${key} and ${seen.get(pair)}` });
          seen.set(pair, key);
          for (const c of new Set([a, b]))
            if ((COUNTRY_CODES as readonly string[]).includes(c) && !listed.includes(c))
              ctx.addIssue({ code: 'custom', path: ['borders', key], message: `expected ${c} to be listed under countries (every country on a border needs its rates), found no countries.${c}` });
          for (const c of new Set([a, b]))
            if (!(COUNTRY_CODES as readonly string[]).includes(c)) {
              const near = COUNTRY_CODES.filter((k) => k[0] === c[0] || k[1] === c[1]);
              ctx.addIssue({ code: 'custom', path: ['borders', key], message: `expected a country code of the model (${near.length ? near.join(', ') + ', …' : COUNTRY_CODES.join(', ')}), found "${c}"` });
            }
          if (a === b) ctx.addIssue({ code: 'custom', path: ['borders', key], message: `expected two different countries, found ${a} twice` });
        }
      },
      { when: () => true },
    )
    .meta({ title: 'tipsim scenario', description: 'A tipsim scenario file (YAML or JSON).' });
}

export const ScenarioSchema = makeScenarioSchema();
export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/**
 * The JSON Schema of a scenario file (what `tipsim schema` prints). Top-level
 * fields are not marked required: a file that `extends` another may take name,
 * start and end from it, and tipsim checks them after the merge.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any', reused: 'ref' }) as Record<string, unknown>;
  delete schema.required;
  return schema;
}
