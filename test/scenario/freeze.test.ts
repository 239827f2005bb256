/**
 * Frozen inputs (scenario/freeze.ts): every time value held at its value at one
 * date, through the model's own resolution (resolveSeries), events removed.
 */
import { describe, expect, it } from 'vitest';
import { freezeInputs, valueAt } from '../../engine/kernel/scenario/freeze.ts';
import { makeScenarioSchema, type Scenario, type ScenarioInput } from '../../engine/kernel/scenario/schema.ts';
import { resolveParams, type Params } from '../../engine/model/params.ts';
import { countryIndex, NC } from '../../engine/kernel/scenario/countries.ts';

const WINDOW = { start: '1995-01', end: '2006-12' };
const input = {
  name: 'freeze',
  start: '1995-01',
  end: '2006-12',
  countries: {
    RO: {
      population_at_risk: 1000,
      emigration: { expr: '0.001 + 0.0002 * (t - 1995)' },
      wage: { value: { schedule: { 1995: 100, 2006: 250 }, interpolate: 'linear' }, assumption: [30, 500], note: 'assumed' },
      police_capacity: { value: { schedule: { 1995: 8, 2001: 12, 2003: 55 } }, source: 'Vreja 2005' },
      prosecution: { schedule: { 1995: 0, '2001-12': 0.5 } },
    },
    HU: { demand: { value: { expr: '1 + (year - 1995) / 10' }, source: 'test' } },
    AT: { demand: 1 },
  },
  borders: { 'RO-HU': { interception: { schedule: { 1995: 0.05, 2000: 0.2 } } }, 'HU-AT': { interception: 0.1 } },
  visas: {
    schengen: { members: ['AT'], required: { RO: { value: { schedule: { 1995: 1, '2002-01': 0 } }, source: 'Vreja 2005' } } },
  },
  events: [{ kind: 'eu_accession', date: '2004-05', countries: ['RO'], eu_members: ['AT', 'HU'] }],
  networks: {
    initial: { RO: 3 },
    criminal_pool: { RO: 10 },
    adaptation: { value: { schedule: { 1995: 0.1, 2000: 0.3 } }, assumption: [0.01, 0.5] },
  },
  levers: { police: { level: { schedule: { 1995: 0, 2003: 5 } }, unit_cost: { expr: '1000 + 100 * (t - 1995)' } } },
} as unknown as ScenarioInput;
const scenario: Scenario = makeScenarioSchema(WINDOW).parse(input);

/** Is every tick's value the same, for each country (country-major series of T ticks)? */
function constantOverTicks(series: Float64Array, T: number): boolean {
  for (let i0 = 0; i0 < series.length; i0 += T) for (let k = 1; k < T; k++) if (series[i0 + k] !== series[i0]) return false;
  return true;
}

describe('freezeInputs', () => {
  const frozen = freezeInputs(scenario, '1995-01', '2030-12');
  const ro = frozen.countries.RO!;

  it('holds a schedule that changes after 1995 at its 1995 value, keeping the {value, source} wrapping', () => {
    expect(ro.police_capacity).toEqual({ value: 8, source: 'Vreja 2005' });
    expect(ro.wage).toEqual({ value: 100, assumption: [30, 500], note: 'assumed' });
    expect(ro.prosecution).toBe(0);
    expect(frozen.borders['RO-HU'].interception).toBe(0.05);
    expect(frozen.visas.schengen.required.RO).toEqual({ value: 1, source: 'Vreja 2005' });
    expect(frozen.networks.adaptation).toEqual({ value: 0.1, assumption: [0.01, 0.5] });
    expect(frozen.levers.police!.level).toBe(0);
  });

  it('freezes an expression to its value at the date', () => {
    expect(freezeInputs(scenario, '1995-01', '2030-12').countries.RO!.emigration).toBeCloseTo(0.001, 12);
    const later = freezeInputs(scenario, '2000-07', '2030-12');
    expect(later.countries.RO!.emigration).toBeCloseTo(0.001 + 0.0002 * 5.5, 12);
    expect(later.countries.HU!.demand).toEqual({ value: 1.5, source: 'test' });
    expect(later.levers.police!.unit_cost).toBeCloseTo(1550, 9);
    // The model's own resolution at that month gives the same numbers.
    const p = resolveParams(scenario);
    const k = 5 * 12 + 6;
    const T = p.clock.ticks;
    expect(later.countries.RO!.emigration).toBe(p.country.emigration[countryIndex('RO') * T + k]);
    expect(later.countries.RO!.wage).toEqual({ value: p.country.wage[countryIndex('RO') * T + k], assumption: [30, 500], note: 'assumed' });
    expect(valueAt({ schedule: { 1995: 8, 2001: 12 } }, '2000-12')).toBe(8);
  });

  it('removes the events, sets the end, keeps the rest and leaves the input unchanged', () => {
    expect(frozen.events).toEqual([]);
    expect(frozen.end).toBe('2030-12');
    expect(frozen.start).toBe('1995-01');
    expect(frozen.networks.initial).toEqual({ RO: 3 });
    expect(frozen.visas.schengen.members).toEqual(['AT']);
    expect(scenario.events).toHaveLength(1);
    expect(scenario.end).toBe('2006-12');
    expect(scenario.countries.RO!.police_capacity).toEqual({
      value: { schedule: { 1995: 8, 2001: 12, 2003: 55 }, interpolate: 'step' },
      source: 'Vreja 2005',
    });
  });

  it('gives a scenario the schema accepts', () => {
    const r = makeScenarioSchema({ start: frozen.start, end: frozen.end }).safeParse(frozen);
    expect(r.success).toBe(true);
  });

  it('resolves to series constant over the ticks: rates, levers, borders and visas', () => {
    const p: Params = resolveParams(frozen);
    const T = p.clock.ticks;
    expect(T).toBe(36 * 12);
    for (const [name, series] of Object.entries(p.country)) expect(constantOverTicks(series, T), name).toBe(true);
    expect(constantOverTicks(p.push, T)).toBe(true);
    expect(constantOverTicks(p.demand, T)).toBe(true);
    expect(constantOverTicks(p.interception, T)).toBe(true);
    expect(constantOverTicks(p.levers.police!.level, T)).toBe(true);
    expect(constantOverTicks(p.levers.police!.unitCost, T)).toBe(true);
    expect(constantOverTicks(p.networks.adaptation, T)).toBe(true);
    // The visa stays required for Romanians (no lift in 2002, no accession in 2004).
    const ro = countryIndex('RO'),
      at = countryIndex('AT');
    for (let k = 0; k < T; k++) expect(p.visaRequired[(k * NC + ro) * NC + at]).toBe(1);
    // And the original does change: the check above is not vacuous.
    const q = resolveParams(scenario);
    expect(constantOverTicks(q.country.police_capacity, q.clock.ticks)).toBe(false);
    expect(q.visaRequired[((q.clock.ticks - 1) * NC + ro) * NC + at]).toBe(0);
  });
});
