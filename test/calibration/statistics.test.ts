/**
 * Summary statistics, scales, distance and fit scores of the calibration, on
 * hand-made numbers with known answers and on a run of the tiny scenario.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { distance, fitScores, statisticScales, statistics } from '../../engine/apps/calibration/statistics.ts';
import { quantileSorted } from '../../engine/kernel/stats.ts';
import type { Target } from '../../engine/apps/calibration/setup.ts';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { runReplicate } from '../../engine/model/step.ts';
import { yearlySeries } from '../../engine/runner/outputs.ts';
import { reporterIndex } from '../../engine/model/metrics.ts';
import { NC, countryIndex } from '../../engine/kernel/scenario/countries.ts';

const target = (value: number, extra: Partial<Target> = {}): Target => ({
  group: 'g',
  metric: 'victims_assisted',
  country: 'ALL',
  year: 1996,
  value,
  sigma: 0.3,
  source: 'test',
  ...extra,
});

describe('statistics of a replicate', () => {
  it('reads each target’s metric, country and year from the yearly series', () => {
    const params = resolveParams(loadScenario(fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url))).scenario);
    const r = runReplicate(params, 0);
    const yearly = yearlySeries(r, params.report);
    const targets = [
      target(0, { metric: 'victims_recruited', country: 'MD', year: 1996 }),
      target(0, { metric: 'victims_assisted', country: 'ALL', year: 1997 }),
      target(0, { metric: 'victims_assisted', country: 'ALL', year: 2003 }),
    ];
    const s = statistics(r, params.report, targets);
    expect(s[0]).toBe(yearly[reporterIndex.get('victims_recruited')!][1 * (NC + 1) + countryIndex('MD')]);
    expect(s[1]).toBe(yearly[reporterIndex.get('victims_assisted')!][2 * (NC + 1) + NC]);
    expect(s[0]).toBeGreaterThan(0);
    expect(Number.isNaN(s[2])).toBe(true); // 2003 is outside tiny's run
  });
});

describe('distance', () => {
  it('is 0 at the data, and the root mean squared scaled log(1 + x) difference elsewhere', () => {
    const targets = [target(99), target(9)];
    const scales = Float64Array.of(0.5, 1);
    expect(distance(Float64Array.of(99, 9), targets, scales)).toBe(0);
    // log(1 + 199) - log(1 + 99) = log 2; scaled by 0.5 → 2 log 2; second point exact.
    expect(distance(Float64Array.of(199, 9), targets, scales)).toBeCloseTo(Math.sqrt((2 * Math.log(2)) ** 2 / 2), 12);
    // Zeros are on the scale.
    expect(distance(Float64Array.of(0, 0), [target(0), target(0)], scales)).toBe(0);
  });

  it('scales are the normal-consistent MAD across simulations, or the target’s sigma where they do not vary', () => {
    const sims = [1, 2, 3, 4, 5].map((k) => Float64Array.of(Math.expm1(k), 7));
    const scales = statisticScales(sims, [target(0), target(0, { sigma: 0.4 })]);
    // log1p values 1..5: median 3, absolute deviations 2,1,0,1,2 → MAD 1.
    expect(scales[0]).toBeCloseTo(1.4826, 10);
    expect(scales[1]).toBe(0.4);
  });
});

describe('fit scores', () => {
  it('ARD, mean absolute log ratio and the share of points in the 90% band, per group', () => {
    const sims = Array.from({ length: 21 }, (_, k) => Float64Array.of(90 + k, 1000));
    const targets = [target(100, { group: 'a' }), target(500, { group: 'b' })];
    const f = fitScores(sims, targets);
    // Group a: median 100 → ARD 0, inside the band; group b: 1000 against 500 → ARD 1, outside.
    expect(f.get('a')).toEqual({ ard: 0, malr: 0, inside90: 1, points: 1 });
    expect(f.get('b')!.ard).toBe(1);
    expect(f.get('b')!.inside90).toBe(0);
    expect(f.get('b')!.malr).toBeCloseTo(Math.log(1001 / 501), 12);
  });

  it('quantiles interpolate linearly between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.05)).toBeCloseTo(1.2, 12);
    expect(quantileSorted([0, 10], 0.95)).toBeCloseTo(9.5, 12);
  });
});
