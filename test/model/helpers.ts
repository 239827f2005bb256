/**
 * Helpers for model tests: build a full Scenario from a small input object, drive
 * the monthly step by hand (as runReplicate does), and read a metric's series.
 */
import { SeedTree } from '../../engine/kernel/rng.ts';
import { allocSeries, collect, reporterIndex, type Series } from '../../engine/model/metrics.ts';
import { resolveParams, type Params } from '../../engine/model/params.ts';
import { initState, type State } from '../../engine/model/state.ts';
import { step } from '../../engine/model/step.ts';
import { COUNTRY_CODES, NC } from '../../engine/kernel/scenario/countries.ts';
import { makeScenarioSchema, type Scenario, type ScenarioInput } from '../../engine/kernel/scenario/schema.ts';

/** Validates (and fills defaults of) a scenario given as an object. */
export function scenarioOf(input: ScenarioInput): Scenario {
  return makeScenarioSchema({ start: String(input.start), end: String(input.end) }).parse(input);
}

/** Runs a replicate by calling step() month by month (spin-up included); `each` sees the state after every month. */
export function drive(params: Params, replicate: number, each?: (s: State) => void): { state: State; series: Series } {
  const s = initState(params, new SeedTree(params.seed, replicate));
  // As runReplicate: every month is simulated, the report's months recorded.
  const series = allocSeries(params.report.ticks);
  const row = new Float64Array(NC + 1);
  for (s.tick = 0; s.tick < params.clock.ticks; s.tick++) {
    step(s);
    if (s.tick >= params.reportTick) collect(s, series, row, s.tick - params.reportTick);
    each?.(s);
  }
  return { state: s, series };
}

/** Monthly values of a metric for a country code or 'ALL'. */
export function metric(series: Series, name: string, country: string, ticks: number): number[] {
  const m = reporterIndex.get(name);
  if (m === undefined) throw new Error(`no metric ${name}`);
  const c = country === 'ALL' ? NC : (COUNTRY_CODES as readonly string[]).indexOf(country);
  if (c < 0) throw new Error(`no country ${country}`);
  return Array.from({ length: ticks }, (_, k) => series[m][k * (NC + 1) + c]);
}

export const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);

export const mean = (xs: ArrayLike<number>) => sum(xs) / xs.length;

/** Sum of a metric's monthly values over ticks [from, to) (default: the whole run). */
export function total(series: Series, name: string, country: string, ticks: number, from = 0, to = ticks): number {
  return sum(metric(series, name, country, ticks).slice(from, to));
}

/**
 * Runs replicates 0..reps-1 of a scenario given as an object (driving step() by
 * hand; `each` sees the state after every month of every replicate) and returns the
 * params and each replicate's series.
 */
export function replicates(
  input: ScenarioInput,
  reps: number,
  each?: (s: State, replicate: number) => void,
): { params: Params; ticks: number; series: Series[] } {
  const params = resolveParams(scenarioOf(input));
  const series = Array.from({ length: reps }, (_, r) => drive(params, r, each && ((s) => each(s, r))).series);
  return { params, ticks: params.clock.ticks, series };
}

/** Three countries present (MD with people at risk, RO, IT with demand), 1995-1996, two networks, and the police lever as given. */
export function withPoliceLever(police: Record<string, unknown>): ScenarioInput {
  return {
    name: 'levers',
    seed: 1,
    start: '1995-01',
    end: '1996-12',
    countries: { MD: { population_at_risk: 1000, emigration: 0.02 }, RO: {}, IT: { demand: 1 } },
    borders: { 'MD-RO': { interception: 0.1 }, 'RO-IT': { interception: 0.1 } },
    networks: { initial: { MD: 2 } },
    levers: { police } as ScenarioInput['levers'],
  };
}
