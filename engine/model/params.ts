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

type CountryParams = NonNullable<Scenario['countries'][keyof Scenario['countries']]>;
type SeriesName = 'emigration' | 'recruited_share' | 'safe_return' | 'demand' | 'detection' | 'escape';
const SERIES: SeriesName[] = ['emigration', 'recruited_share', 'safe_return', 'demand', 'detection', 'escape'];

export interface Params {
  /** Master seed of the seed tree. */
  seed: number;
  clock: Clock;
  /** Countries the scenario names, as indices in model order. */
  present: number[];
  populationAtRisk: Float64Array;
  country: Record<SeriesName, Float64Array>;
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
  const present: number[] = [];
  COUNTRY_CODES.forEach((code, c) => {
    const p = s.countries[code] as CountryParams | undefined;
    if (!p) return;
    present.push(c);
    populationAtRisk[c] = p.population_at_risk;
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
    country,
    interception,
    coverage: resolveSeries(s.observation.coverage as Sourced, clock),
    routes: buildRoutes(s.borders),
    capacity: s.agents.capacity,
  };
}
