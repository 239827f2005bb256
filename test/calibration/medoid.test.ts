/**
 * The particle a calibrated scenario holds: the posterior's weighted medoid, on
 * hand-built particles with known answers (distances on the parameters standardised
 * by their prior ranges, log scale for log-uniform priors).
 */
import { describe, expect, it } from 'vitest';
import { summarise, weightedMedoid } from '../../engine/apps/calibration/results.ts';
import type { Prior } from '../../engine/apps/calibration/setup.ts';

const prior = (distribution: Prior['distribution'], low: number, high: number) =>
  ({ name: 'x', paths: ['x'], mode: 'set', distribution, range: [low, high] }) as Prior;

describe('weightedMedoid', () => {
  // Two parameters on [0, 1]: A = (0, 0), B = (0.6, 0.8), C = (0.8, 0.6).
  // Distances: A–B = A–C = 1, B–C = √0.08 ≈ 0.2828.
  const unit = [prior('uniform', 0, 1), prior('uniform', 0, 1)];
  const ABC = [
    [0, 0],
    [0.6, 0.8],
    [0.8, 0.6],
  ];

  it('is the particle with the least weighted sum of distances to the others, whose weights decide', () => {
    // Weights 0.2, 0.3, 0.5: A 0.3 + 0.5 = 0.8; B 0.2 + 0.5 × 0.2828 = 0.341; C 0.2 + 0.3 × 0.2828 = 0.285.
    expect(weightedMedoid(unit, ABC, [0.2, 0.3, 0.5])).toBe(2);
    // Weights 0.2, 0.5, 0.3: B 0.2 + 0.3 × 0.2828 = 0.285 against C 0.341.
    expect(weightedMedoid(unit, ABC, [0.2, 0.5, 0.3])).toBe(1);
    // Most weight on A: A 0.1 + 0.1 = 0.2; B and C 0.8 + 0.1 × 0.2828 = 0.828.
    expect(weightedMedoid(unit, ABC, [0.8, 0.1, 0.1])).toBe(0);
    // Weights need not sum to 1; a tie goes to the lower index (B and C at equal weights).
    expect(weightedMedoid(unit, ABC, [2, 2, 2])).toBe(1);
  });

  it('is a particle where the marginal medians are not', () => {
    const weights = [0.2, 0.3, 0.5];
    const medians = summarise(unit, ABC, weights).map((s) => s.median);
    expect(medians[0]).toBeCloseTo(0.675, 12);
    expect(medians[1]).toBeCloseTo(0.625, 12);
    for (const t of ABC) expect(t).not.toEqual(medians);
    expect(ABC[weightedMedoid(unit, ABC, weights)]).toEqual([0.8, 0.6]);
  });

  it('measures each parameter against its prior range, on the log scale for a log-uniform prior', () => {
    // The same particles in other units: a on [0, 10], b log-uniform on [1, 100] (b = 100^z).
    const scaled = [prior('uniform', 0, 10), prior('log_uniform', 1, 100)];
    const raw = ABC.map(([a, b]) => [10 * a, 100 ** b]);
    for (const w of [
      [0.2, 0.3, 0.5],
      [0.2, 0.5, 0.3],
      [0.8, 0.1, 0.1],
    ])
      expect(weightedMedoid(scaled, raw, w)).toBe(weightedMedoid(unit, ABC, w));
    // (a, b) = (1, 100), (0, 10), (1, 1); a uniform on [0, 3].
    const P = [
      [1, 100],
      [0, 10],
      [1, 1],
    ];
    // b log-uniform on [1, 1000]: z = (1/3, 2/3), (0, 1/3), (1/3, 0); sums 0.471 + 0.667 = 1.14,
    // 0.471 + 0.471 = 0.943, 1.14: the middle particle.
    expect(weightedMedoid([prior('uniform', 0, 3), prior('log_uniform', 1, 1000)], P, [1, 1, 1])).toBe(1);
    // b uniform on [1, 1000] instead: z_b = 0.099, 0.009, 0, so 1 and 100 are close; sums
    // 0.345 + 0.099 = 0.444, 0.345 + 0.334 = 0.679, 0.099 + 0.334 = 0.433: the last.
    expect(weightedMedoid([prior('uniform', 0, 3), prior('uniform', 1, 1000)], P, [1, 1, 1])).toBe(2);
    // And a's range 100 times wider: a hardly counts, and the middle b wins again.
    expect(weightedMedoid([prior('uniform', 0, 300), prior('uniform', 1, 1000)], P, [1, 1, 1])).toBe(1);
  });

  it('never picks a particle of weight zero, which counts for nothing', () => {
    // D = (0.7, 0.7) sits between B and C, but weighs nothing.
    const withD = [...ABC, [0.7, 0.7]];
    expect(weightedMedoid(unit, withD, [0.2, 0.3, 0.5, 0])).toBe(2);
    expect(weightedMedoid(unit, withD, [1, 1, 1, 1])).toBe(3);
    expect(() => weightedMedoid(unit, ABC, [0, 0, 0])).toThrow(/no particle of positive weight/);
  });
});
