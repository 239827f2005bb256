/**
 * Parameters resolved for a run: every time value becomes one number per monthly
 * tick, stored country-major in a Float64Array (value of country c at tick k is
 * series[c * ticks + k]), so the step loop only indexes arrays.
 * Params are plain data: the main thread resolves them once and sends them to the
 * ensemble's workers, which never load the expression evaluator or the schema.
 */
import { makeClock, type Clock } from '../core/clock.ts';
import { resolveSeries, type Sourced } from '../core/timevalue.ts';
import type { Scenario } from '../scenario/schema.ts';
import { COUNTRY_CODES, NC, borderKeys, buildRoutes, type Routes } from './world.ts';
import { AWARE, CHILD, FEMALE, STRATA } from './strata.ts';

/**
 * Splits n people into the eight strata by the three shares, rounding at each
 * split so that the counts are whole and add up to n exactly (no randomness).
 */
export function splitIntoStrata(n: number, female: number, child: number, aware: number, out: Float64Array, offset: number): void {
  const nF = Math.round(n * female);
  for (const [sex, x] of [[FEMALE, nF], [0, n - nF]] as const) {
    const nC = Math.round(x * child);
    for (const [age, y] of [[CHILD, nC], [0, x - nC]] as const) {
      const nA = Math.round(y * aware);
      out[offset + (sex | age | AWARE)] = nA;
      out[offset + (sex | age)] = y - nA;
    }
  }
}

type CountryParams = NonNullable<Scenario['countries'][keyof Scenario['countries']]>;
type SeriesName =
  | 'emigration' | 'success_stories' | 'recruited_share' | 'safe_return' | 'awareness_campaign'
  | 'demand' | 'detection' | 'escape';
const SERIES: SeriesName[] = [
  'emigration', 'success_stories', 'recruited_share', 'safe_return', 'awareness_campaign', 'demand', 'detection', 'escape',
];

export interface Params {
  /** Master seed of the seed tree. */
  seed: number;
  clock: Clock;
  /** Countries the scenario names, as indices in model order. */
  present: number[];
  populationAtRisk: Float64Array;
  /** The population at risk at the start, by country and stratum: initialHome[c * STRATA + g]. */
  initialHome: Float64Array;
  country: Record<SeriesName, Float64Array>;
  /** Relative acceptance of a recruiter's offer by an informed person, per tick. */
  awareAcceptance: Float64Array;
  /** Interception probability per border (sorted key order), border-major. */
  interception: Float64Array;
  coverage: Float64Array;
  routes: Routes;
  capacity: number;
}

export function resolveParams(s: Scenario): Params {
  const clock = makeClock(s.start, s.end);
  const T = clock.ticks;
  const country = {} as Record<SeriesName, Float64Array>;
  for (const name of SERIES) country[name] = new Float64Array(NC * T);
  const populationAtRisk = new Float64Array(NC);
  const initialHome = new Float64Array(NC * STRATA);
  const present: number[] = [];
  COUNTRY_CODES.forEach((code, c) => {
    const p = s.countries[code] as CountryParams | undefined;
    if (!p) return;
    present.push(c);
    populationAtRisk[c] = p.population_at_risk;
    const at0 = (v: unknown) => resolveSeries(v as Sourced, clock)[0];
    splitIntoStrata(p.population_at_risk, at0(p.female_share), at0(p.child_share), at0(p.aware_share), initialHome, c * STRATA);
    for (const name of SERIES) country[name].set(resolveSeries(p[name] as Sourced, clock), c * T);
  });
  const keys = borderKeys(s.borders);
  const interception = new Float64Array(keys.length * T);
  keys.forEach((k, b) => interception.set(resolveSeries(s.borders[k].interception as Sourced, clock), b * T));
  return {
    seed: s.seed,
    clock,
    present,
    populationAtRisk,
    initialHome,
    country,
    awareAcceptance: resolveSeries(s.behaviour.aware_acceptance as Sourced, clock),
    interception,
    coverage: resolveSeries(s.observation.coverage as Sourced, clock),
    routes: buildRoutes(s.borders),
    capacity: s.agents.capacity,
  };
}
