/** Interval code against known cases: t quantiles from tables, intervals by hand, pairing. */
import { describe, expect, it } from 'vitest';
import { meanInterval, normalQuantile, pairedDifference, spread, tQuantile } from '../../engine/apps/compare/paired.ts';

describe('paired comparisons', () => {
  it('normal and t quantiles match published tables', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    // Student's t, 0.95 quantile (two-sided 90%).
    expect(tQuantile(0.95, 4)).toBeCloseTo(2.1318, 2);
    expect(tQuantile(0.95, 9)).toBeCloseTo(1.8331, 3);
    expect(tQuantile(0.95, 19)).toBeCloseTo(1.7291, 3);
    expect(tQuantile(0.95, 99)).toBeCloseTo(1.6604, 3);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.2622, 2);
  });

  it('a mean interval by hand: 1..5 has mean 3, sd 1.5811, half-width t(0.95, 4) × sd / √5', () => {
    const r = meanInterval([1, 2, 3, 4, 5]);
    expect(r.mean).toBe(3);
    expect(r.half).toBeCloseTo(tQuantile(0.95, 4) * Math.sqrt(2.5 / 5), 12);
    expect(r.lo).toBeCloseTo(3 - r.half, 12);
    expect(meanInterval([7]).half).toBe(0);
  });

  it('a scenario compared with itself differs by exactly zero; a constant shift is recovered with no spread', () => {
    const a = [10, 14, 9, 22, 17];
    expect(pairedDifference(a, a)).toMatchObject({ mean: 0, lo: 0, hi: 0, half: 0 });
    const shifted = pairedDifference(
      a.map((x) => x - 3),
      a,
    );
    expect(shifted.mean).toBeCloseTo(-3, 12);
    expect(shifted.half).toBeCloseTo(0, 12);
    expect(() => pairedDifference([1, 2], [1])).toThrow('differ in length');
  });

  it('pairing removes the noise two runs share: the paired interval is narrower than the unpaired one', () => {
    const shared = [5, -3, 8, 1, -6, 4, 0, 7, -2, 3];
    const base = shared.map((s) => 100 + 10 * s);
    const policy = shared.map((s, i) => 95 + 10 * s + (i % 2 ? 0.5 : -0.5));
    const paired = pairedDifference(policy, base);
    const unpaired = meanInterval(policy).half + meanInterval(base).half;
    expect(paired.mean).toBeCloseTo(-5, 12);
    expect(paired.half).toBeLessThan(unpaired / 20);
  });

  it('spread across replicates: the 5% and 95% quantiles by linear interpolation', () => {
    const xs = Array.from({ length: 21 }, (_, i) => 20 - i);
    expect(spread(xs)).toEqual({ mean: 10, lo: 1, hi: 19 });
    expect(spread([4, 4, 4])).toEqual({ mean: 4, lo: 4, hi: 4 });
  });
});
