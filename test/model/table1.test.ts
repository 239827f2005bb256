/**
 * The rows of Table 1 (observation.table1_rows): a destination row counts the
 * victims identified there, an origin row those assisted after return, a country
 * with no row nothing; the same draws as victims_assisted, which is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { COUNTRY_CODES } from '../../engine/kernel/scenario/countries.ts';
import { drive, metric, sum } from './helpers.ts';
import type { Scenario } from '../../engine/kernel/scenario/schema.ts';

const tiny = loadScenario(fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url))).scenario;
const baseline = loadScenario(fileURLToPath(new URL('../../scenarios/baseline.yaml', import.meta.url))).scenario;

function run(s: Scenario, rows: Scenario['observation']['table1_rows']) {
  const params = resolveParams({ ...s, observation: { ...s.observation, table1_rows: rows } });
  const { series } = drive(params, 0);
  const T = params.clock.ticks;
  return (name: string, c: string) => metric(series, name, c, T);
}

describe('table1_victims', () => {
  it('a destination row counts those identified there; an origin row those assisted after return; no row, nothing', () => {
    // In tiny.yaml MD is the only origin and RO the only destination.
    const a = run(tiny, { RO: 'identified', MD: 'returned' });
    const b = run(tiny, { RO: 'returned', MD: 'identified' });
    const none = run(tiny, {});
    // Same draws whatever the rows: victims_assisted does not change.
    for (const c of ['MD', 'RO', 'ALL']) {
      expect(a('victims_assisted', c)).toEqual(none('victims_assisted', c));
      expect(b('victims_assisted', c)).toEqual(none('victims_assisted', c));
    }
    // Each row is one part of the country's assisted victims, the two parts add up to it.
    for (const c of ['MD', 'RO']) {
      const parts = a('table1_victims', c).map((x, k) => x + b('table1_victims', c)[k]);
      expect(parts).toEqual(a('victims_assisted', c));
    }
    // RO is no origin: no one returns there, so its identified row is all it assists.
    expect(a('table1_victims', 'RO')).toEqual(a('victims_assisted', 'RO'));
    expect(sum(b('table1_victims', 'RO'))).toBe(0);
    expect(sum(a('table1_victims', 'MD'))).toBeGreaterThan(0);
    expect(sum(none('table1_victims', 'ALL'))).toBe(0);
  });

  it('on the baseline, ALL is the seven rows’ total, and countries with no row count nothing', () => {
    const params = resolveParams({ ...baseline, end: '2001-12' });
    const { series } = drive(params, 0);
    const T = params.report.ticks;
    const rows = Object.keys(baseline.observation.table1_rows);
    expect(rows.sort()).toEqual(['AL', 'BA', 'BG', 'MD', 'MK', 'RO', 'XK']);
    const all = metric(series, 'table1_victims', 'ALL', T);
    const byRow = rows.map((c) => metric(series, 'table1_victims', c, T));
    expect(all).toEqual(all.map((_, k) => sum(byRow.map((r) => r[k]))));
    for (const c of COUNTRY_CODES.filter((c) => !rows.includes(c))) expect(sum(metric(series, 'table1_victims', c, T)), c).toBe(0);
    expect(sum(all)).toBeGreaterThan(0);
    expect(sum(all)).toBeLessThan(sum(metric(series, 'victims_assisted', 'ALL', T)));
  });
});
