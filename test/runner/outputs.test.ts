import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeClock } from '../../engine/kernel/clock.ts';
import { formatValue, summarise, writeMonthlyCsv, writeYearlyCsv, yearlySeries } from '../../engine/runner/outputs.ts';
import { REPORTERS, allocSeries, reporterIndex } from '../../engine/model/metrics.ts';
import type { ReplicateResult } from '../../engine/model/step.ts';
import { COUNTRY_CODES, NC } from '../../engine/kernel/scenario/countries.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tipsim-outputs-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const W = NC + 1;
const ci = (code: string) => (code === 'ALL' ? NC : (COUNTRY_CODES as readonly string[]).indexOf(code));
const mi = (name: string) => reporterIndex.get(name)!;

describe('formatValue', () => {
  it('writes integers exactly, others to 10 significant digits, NaN as NA', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(-0)).toBe('0');
    expect(formatValue(123456789012)).toBe('123456789012');
    expect(formatValue(1 / 3)).toBe('0.3333333333');
    expect(formatValue(2 / 3)).toBe('0.6666666667');
    expect(formatValue(0.1 + 0.2)).toBe('0.3');
    expect(formatValue(NaN)).toBe('NA');
  });
});

/** A result whose monthly series are set by a function of (metric, tick, country). */
function fakeResult(replicate: number, ticks: number, value: (m: string, k: number, c: number) => number): ReplicateResult {
  const series = allocSeries(ticks);
  REPORTERS.forEach((r, m) => {
    for (let k = 0; k < ticks; k++) for (let c = 0; c < W; c++) series[m][k * W + c] = value(r.name, k, c);
  });
  return { replicate, series, agentSteps: 0, peakAgents: 0, bytesPerAgent: 0 };
}

describe('yearlySeries', () => {
  // Four months crossing a year: 1995-11, 1995-12, 1996-01, 1996-02.
  const clock = makeClock('1995-11', '1996-02');
  const res = fakeResult(0, clock.ticks, (m, k, c) => (m === 'visibility' ? 99 : (k + 1) * 10 + c));

  it('sums flows over the months of each year', () => {
    const y = yearlySeries(res, clock)[mi('victims_recruited')];
    const md = ci('MD');
    expect(y[0 * W + md]).toBe(10 + md + 20 + md);
    expect(y[1 * W + md]).toBe(30 + md + 40 + md);
  });

  it('takes the last month of the year for stocks', () => {
    const y = yearlySeries(res, clock)[mi('victims_exploited')];
    const ro = ci('RO');
    expect(y[0 * W + ro]).toBe(20 + ro);
    expect(y[1 * W + ro]).toBe(40 + ro);
  });

  it('divides the yearly ALL values for ratios (assisted over exploited)', () => {
    const y = yearlySeries(res, clock)[mi('visibility')];
    const all = ci('ALL');
    expect(y[0 * W + all]).toBeCloseTo((10 + all + 20 + all) / (20 + all), 12);
    expect(y[1 * W + all]).toBeCloseTo((30 + all + 40 + all) / (40 + all), 12);
  });

  it('gives NaN for a ratio with a zero denominator', () => {
    const none = fakeResult(0, clock.ticks, () => 0);
    expect(Number.isNaN(yearlySeries(none, clock)[mi('visibility')][ci('ALL')])).toBe(true);
  });
});

describe('summarise', () => {
  const clock = makeClock('1995-12', '1995-12');
  const results = [5, 1, 3].map((v, r) => fakeResult(r, 1, (m, _k, c) => (c === NC ? v : 0)));

  it('gives the mean and 5%/95% quantiles across replicates', () => {
    const [row] = summarise(results, clock, ['victims_recruited']);
    expect(row).toMatchObject({ year: 1995, metric: 'victims_recruited', country: 'ALL', mean: 3, n: 3 });
    expect(row.lo).toBeCloseTo(1.2, 12);
    expect(row.hi).toBeCloseTo(4.8, 12);
  });

  it('skips NaN values, and reports n = 0 when all are NaN', () => {
    const [row] = summarise(
      results.map((r) => fakeResult(r.replicate, 1, () => 0)),
      clock,
      ['visibility'],
    );
    expect(row.n).toBe(0);
    expect(Number.isNaN(row.mean)).toBe(true);
  });
});

describe('CSV writers', () => {
  const clock = makeClock('1995-06', '1996-03');
  const present = [ci('MD'), ci('RO')];
  const results = [0, 1].map((r) => fakeResult(r, clock.ticks, (m, k, c) => r * 1000 + k + c / 100));
  const countryMetrics = REPORTERS.filter((r) => r.scope === 'country').length;
  const regionMetrics = REPORTERS.length - countryMetrics;

  it('yearly.csv: header, one row per replicate, year, metric and country (present ones and ALL)', () => {
    const file = join(dir, 'yearly.csv');
    writeYearlyCsv(file, results, clock, present);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('replicate,year,metric,country,value');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(2 * 2 * (countryMetrics * 3 + regionMetrics));
    expect(new Set(rows.map((r) => r[3]))).toEqual(new Set(['MD', 'RO', 'ALL']));
    for (const r of REPORTERS.filter((x) => x.scope === 'region'))
      expect(rows.filter((row) => row[2] === r.name).every((row) => row[3] === 'ALL')).toBe(true);
    // replicate 1, 1995, victims_recruited, RO: months 0..6 of 1995 summed.
    const ro = ci('RO');
    const expected = Array.from({ length: 7 }, (_, k) => 1000 + k + ro / 100).reduce((a, b) => a + b, 0);
    const row = rows.find((r) => r[0] === '1' && r[1] === '1995' && r[2] === 'victims_recruited' && r[3] === 'RO')!;
    expect(row[4]).toBe(formatValue(expected));
  });

  it('monthly.csv: header and one row per replicate, month, metric and country', () => {
    const file = join(dir, 'monthly.csv');
    writeMonthlyCsv(file, results, clock, present);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('replicate,year,month,metric,country,value');
    expect(lines).toHaveLength(1 + 2 * clock.ticks * (countryMetrics * 3 + regionMetrics));
    const md = ci('MD');
    expect(lines).toContain(`0,1996,2,victims_exploited,MD,${formatValue(8 + md / 100)}`);
  });
});
