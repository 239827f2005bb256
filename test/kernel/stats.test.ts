/**
 * The summary's statistics (engine/kernel/stats.ts): exact answers by hand, and the
 * same numbers as mathjs, which computed the summary before.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { mean, quantileSorted, weightedQuantile } from '../../engine/kernel/stats.ts';
import { Stream } from '../../engine/kernel/rng.ts';

const math = createRequire(import.meta.url)('mathjs/number') as typeof import('mathjs/number');

describe('mean and quantileSorted', () => {
  it('give exact answers on small samples, and NaN for none', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeNaN();
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(quantileSorted([7], 0.05)).toBe(7);
    // h = 0.25 × 4 = 1: an order statistic, exactly.
    expect(quantileSorted([1, 3, 5, 7, 9], 0.25)).toBe(3);
    // h = 0.95 × 3 = 2.85: 0.15 × 20 + 0.85 × 40.
    expect(quantileSorted([0, 10, 20, 40], 0.95)).toBeCloseTo(37, 12);
  });

  it('are bit for bit what mathjs gives (mean, quantileSeq) on random samples', () => {
    const draw = Stream.fromKey('stats test');
    for (let t = 0; t < 200; t++) {
      const n = 1 + draw.int(60);
      const xs = Array.from({ length: n }, () => draw.uniform() * 1000 - 200);
      const sorted = [...xs].sort((a, b) => a - b);
      expect(mean(xs)).toBe(math.mean(xs));
      for (const q of [0.05, 0.5, 0.95, draw.uniform()]) expect(quantileSorted(sorted, q)).toBe(math.quantileSeq(xs, q) as number);
    }
  });
});

describe('weightedQuantile', () => {
  it("'step' returns the smallest value whose cumulative weight reaches q, whatever the weights' total", () => {
    expect(weightedQuantile([3, 1, 2], [1, 1, 1], 0.5, 'step')).toBe(2);
    expect(weightedQuantile([3, 1, 2], [8, 1, 1], 0.5, 'step')).toBe(3);
    expect(weightedQuantile([3, 1, 2], [0.8, 0.1, 0.1], 0.1, 'step')).toBe(1);
    expect(weightedQuantile([3, 1, 2], [0.8, 0.1, 0.1], 0.2, 'step')).toBe(2);
    expect(weightedQuantile([3, 1, 2], [0.8, 0.1, 0.1], 1, 'step')).toBe(3);
  });

  it("'midpoint' interpolates between the midpoints of the cumulative weights and holds at the ends", () => {
    // Equal weights on 1, 2, 3: midpoints at 1/6, 1/2, 5/6.
    expect(weightedQuantile([3, 1, 2], [1, 1, 1], 0.5, 'midpoint')).toBe(2);
    expect(weightedQuantile([3, 1, 2], [1, 1, 1], 1 / 3, 'midpoint')).toBeCloseTo(1.5, 12);
    expect(weightedQuantile([3, 1, 2], [1, 1, 1], 0.05, 'midpoint')).toBe(1);
    expect(weightedQuantile([3, 1, 2], [1, 1, 1], 0.95, 'midpoint')).toBe(3);
    // Weights 1, 2, 1 on 1, 2, 3: midpoints at 1/8, 1/2, 7/8; q = 0.25 is a third of the way from 1/8 to 1/2.
    expect(weightedQuantile([1, 2, 3], [1, 2, 1], 0.25, 'midpoint')).toBeCloseTo(1 + 1 / 3, 12);
  });
});
