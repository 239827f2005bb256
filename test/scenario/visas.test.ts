/**
 * Visa regimes by citizenship, destination bloc and date, and the EU accession
 * event, as resolved into per-tick tables (params.ts).
 */
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../engine/model/params.ts';
import { borderKeys } from '../../engine/model/world.ts';
import { NC, countryIndex } from '../../engine/kernel/scenario/countries.ts';
import { makeScenarioSchema, type ScenarioInput } from '../../engine/kernel/scenario/schema.ts';

const scenario = (extra: Partial<ScenarioInput> = {}) =>
  resolveParams(
    makeScenarioSchema({ start: '2001-01', end: '2008-12' }).parse({
      name: 'visas',
      start: '2001-01',
      end: '2008-12',
      countries: { RO: { population_at_risk: 10 }, MD: { population_at_risk: 10 }, HU: { demand: 1 }, AT: { demand: 1 } },
      borders: { 'MD-RO': { interception: 0.1 }, 'RO-HU': { interception: 0.1 }, 'HU-AT': { interception: 0.2 } },
      visas: {
        schengen: {
          members: ['AT'],
          required: { RO: { value: { schedule: { 2001: 1, '2002-01': 0 } }, source: 'Vreja 2005' }, MD: 1 },
        },
      },
      ...extra,
    } as ScenarioInput),
  );

const needs = (p: ReturnType<typeof scenario>, citizen: string, dest: string, year: number, month = 1) => {
  const k = (year - 2001) * 12 + month - 1;
  return p.visaRequired[(k * NC + countryIndex(citizen as never)) * NC + countryIndex(dest as never)];
};

describe('visa regimes', () => {
  it('Romanians need a Schengen visa until 2002-01 and none after; Moldovans throughout; nobody for non-members', () => {
    const p = scenario();
    expect(needs(p, 'RO', 'AT', 2001, 12)).toBe(1);
    expect(needs(p, 'RO', 'AT', 2002, 1)).toBe(0);
    expect(needs(p, 'MD', 'AT', 2008, 12)).toBe(1);
    expect(needs(p, 'MD', 'HU', 2001, 1)).toBe(0);
    expect(needs(p, 'RO', 'HU', 2001, 1)).toBe(0);
  });

  it('EU accession lifts every visa for the acceding citizens and lowers inspection at their new internal borders', () => {
    const events = [
      {
        kind: 'eu_accession' as const,
        date: '2007-01',
        countries: ['MD' as const],
        eu_members: ['HU' as const, 'AT' as const],
        inspection_factor: 0.25,
      },
    ];
    const p = scenario({ events });
    expect(needs(p, 'MD', 'AT', 2006, 12)).toBe(1);
    expect(needs(p, 'MD', 'AT', 2007, 1)).toBe(0);
    const keys = borderKeys({ 'MD-RO': { interception: 0.1 }, 'RO-HU': { interception: 0.1 }, 'HU-AT': { interception: 0.2 } });
    const T = p.clock.ticks;
    const k2007 = 6 * 12;
    const b = (key: string) => keys.indexOf(key);
    // MD borders only RO (not a member): unchanged. HU-AT are both members already: unchanged.
    expect(p.interception[b('MD-RO') * T + k2007]).toBeCloseTo(0.1, 12);
    expect(p.interception[b('HU-AT') * T + k2007]).toBeCloseTo(0.2, 12);
    const q = scenario({ events: [{ ...events[0], countries: ['RO'] }] });
    expect(q.interception[b('RO-HU') * T + k2007 - 1]).toBeCloseTo(0.1, 12);
    expect(q.interception[b('RO-HU') * T + k2007]).toBeCloseTo(0.025, 12);
    expect(q.interception[b('MD-RO') * T + k2007]).toBeCloseTo(0.1, 12);
  });
});
