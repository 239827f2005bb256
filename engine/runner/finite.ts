/**
 * A run's outputs are finite: a scenario with huge values (a revenue of 1e308, a
 * demand of 1e300) can make the model's numbers overflow to Infinity (or NaN, from
 * Infinity − Infinity), which would be written as if they were results. After an
 * ensemble, and before anything is written, every replicate's monthly series are
 * scanned; the first non-finite value is reported with where it is and the
 * scenario's largest values, the likely cause.
 *
 * Ratio metrics are NaN ("NA") where their denominator is 0: NaN is allowed there
 * (metrics.ts `divide`), Infinity is not. A flow whose months are finite can still
 * sum to Infinity over a year (the yearly CSV's value): that is reported too.
 */
import type { Clock } from '../kernel/clock.ts';
import { InputError, msg, type Problem } from '../kernel/messages.ts';
import { REPORTERS } from '../model/metrics.ts';
import { COUNTRY_CODES, NC } from '../kernel/scenario/countries.ts';
import type { ReplicateResult } from '../model/step.ts';
import type { Scenario } from '../kernel/scenario/schema.ts';

const W = NC + 1;

/** Country names of the outputs' codes (the countries of the model, docs/ODD.md section 2). */
const COUNTRY_NAMES: Record<(typeof COUNTRY_CODES)[number], string> = {
  MD: 'Moldova',
  RO: 'Romania',
  UA: 'Ukraine',
  BY: 'Belarus',
  BG: 'Bulgaria',
  CS: 'Serbia and Montenegro',
  HU: 'Hungary',
  AL: 'Albania',
  XK: 'Kosovo',
  BA: 'Bosnia and Herzegovina',
  MK: 'FYR Macedonia',
  IT: 'Italy',
  ES: 'Spain',
  FR: 'France',
  NL: 'Netherlands',
  BE: 'Belgium',
  LU: 'Luxembourg',
  AT: 'Austria',
  GR: 'Greece',
  CY: 'Cyprus',
  DE: 'Germany',
};
const countryText = (c: number) => (c === NC ? 'ALL (the region)' : `${COUNTRY_NAMES[COUNTRY_CODES[c]]} (${COUNTRY_CODES[c]})`);

/** Scenario fields that are not the model's quantities. */
const NOT_MODEL = new Set(['seed', 'replicates']);

/** The scenario's `n` numbers largest in absolute value, as "dotted.path = value", largest first. */
export function largestValues(scenario: Scenario, n = 3): string[] {
  const found: { path: string; value: number }[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'number') found.push({ path, value: v });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) if (!(path === '' && NOT_MODEL.has(k))) walk(x, path ? `${path}.${k}` : k);
  };
  walk(scenario, '');
  // NaN and ±Infinity first (they cannot be in a valid scenario, but if they are they are the cause).
  const size = (x: number) => (Number.isNaN(x) ? Infinity : Math.abs(x));
  return found
    .sort((a, b) => size(b.value) - size(a.value))
    .slice(0, n)
    .map(({ path, value }) => `${path} = ${Number.isFinite(value) ? Number(value.toPrecision(6)) : value}`);
}

/** The first non-finite value of one replicate: earliest month, then metric order, then country. */
function firstIn(result: ReplicateResult, clock: Clock): { m: number; k: number; c: number; value: number; yearly: boolean } | undefined {
  let best: { m: number; k: number; c: number; value: number; yearly: boolean } | undefined;
  const yearSum = new Float64Array(W);
  REPORTERS.forEach((r, m) => {
    const s = result.series[m];
    const ratio = r.yearly === 'ratio';
    const sum = r.yearly === 'sum';
    const ticks = best ? best.k + 1 : clock.ticks;
    yearSum.fill(0);
    for (let k = 0; k < ticks; k++) {
      if (sum && k > 0 && clock.year[k] !== clock.year[k - 1]) yearSum.fill(0);
      const base = k * W;
      for (let c = 0; c < W; c++) {
        const v = s[base + c];
        // v - v is 0 for every finite number and NaN for NaN and ±Infinity.
        if (v - v !== 0 && !(ratio && Number.isNaN(v))) {
          if (!best || k < best.k) best = { m, k, c, value: v, yearly: false };
          return;
        }
        if (sum && !Number.isFinite((yearSum[c] += v))) {
          if (!best || k < best.k) best = { m, k, c, value: yearSum[c], yearly: true };
          return;
        }
      }
    }
  });
  return best;
}

/**
 * Problems (none or one, for the first replicate with a non-finite value) of a
 * run's results; `file` is the scenario file the problem is reported against.
 */
export function nonFiniteProblems(results: ReplicateResult[], clock: Clock, scenario: Scenario, file: string): Problem[] {
  for (const result of results) {
    const f = firstIn(result, clock);
    if (!f) continue;
    const name = REPORTERS[f.m].name;
    const month = `${clock.year[f.k]}-${String(clock.month[f.k]).padStart(2, '0')}`;
    const where = f.yearly
      ? `the ${clock.year[f.k]} total of ${name}, ${countryText(f.c)}, replicate ${result.replicate} (from ${month})`
      : `${name}, ${countryText(f.c)}, ${month}, replicate ${result.replicate}`;
    return [msg.nonFinite(file, String(f.value), where, largestValues(scenario))];
  }
  return [];
}

/** Throws an InputError (exit code 2) if a run's results hold a non-finite value (see nonFiniteProblems). */
export function checkFinite(results: ReplicateResult[], clock: Clock, scenario: Scenario, file: string): void {
  const problems = nonFiniteProblems(results, clock, scenario, file);
  if (problems.length) throw new InputError(problems);
}
