/**
 * Morris screening on functions with known elementary effects.
 */
import { describe, expect, it } from 'vitest';
import { morrisDesign, morrisEffects } from '../../engine/apps/calibration/morris.ts';
import { Stream, seedKey } from '../../engine/kernel/rng.ts';

const stream = (n = 0) => Stream.fromKey(seedKey('morris-test', n));
const evaluate = (design: ReturnType<typeof morrisDesign>, f: (x: Float64Array) => number) => design.map((t) => t.points.map(f));

describe('Morris design', () => {
  it('moves one parameter a time by ±Δ on the grid, each once per trajectory, staying in [0, 1]', () => {
    const levels = 4;
    const delta = levels / (2 * (levels - 1));
    const design = morrisDesign(5, 20, levels, stream());
    expect(design).toHaveLength(20);
    for (const tr of design) {
      expect(tr.points).toHaveLength(6);
      expect([...tr.order].sort()).toEqual([0, 1, 2, 3, 4]);
      tr.order.forEach((i, j) => {
        const a = tr.points[j],
          b = tr.points[j + 1];
        for (let q = 0; q < 5; q++) expect(b[q] - a[q]).toBeCloseTo(q === i ? tr.step[i] : 0, 12);
        expect(Math.abs(tr.step[i])).toBeCloseTo(delta, 12);
      });
      for (const p of tr.points)
        for (const x of p) {
          expect(x).toBeGreaterThanOrEqual(-1e-12);
          expect(x).toBeLessThanOrEqual(1 + 1e-12);
          // On the grid {0, 1/3, 2/3, 1}.
          expect(Math.abs(x * (levels - 1) - Math.round(x * (levels - 1)))).toBeLessThan(1e-9);
        }
    }
  });

  it('is reproducible from its stream', () => {
    expect(morrisDesign(3, 4, 4, stream(1))).toEqual(morrisDesign(3, 4, 4, stream(1)));
    expect(morrisDesign(3, 4, 4, stream(1))).not.toEqual(morrisDesign(3, 4, 4, stream(2)));
  });
});

describe('Morris effects', () => {
  it('a linear function: mu* is |coefficient|, sigma 0, an unused parameter 0', () => {
    const design = morrisDesign(3, 10, 4, stream(3));
    const r = morrisEffects(
      design,
      evaluate(design, (x) => 2 * x[0] - 5 * x[1]),
    );
    expect(Array.from(r.muStar).map((v) => Number(v.toFixed(9)))).toEqual([2, 5, 0]);
    expect(Array.from(r.mu).map((v) => Number(v.toFixed(9)))).toEqual([2, -5, 0]);
    for (const s of r.sigma) expect(s).toBeLessThan(1e-9);
  });

  it('an interaction gives both parameters a spread (sigma > 0); a non-linear term too', () => {
    const design = morrisDesign(3, 20, 4, stream(4));
    const r = morrisEffects(
      design,
      evaluate(design, (x) => x[0] * x[1] + x[2] ** 2),
    );
    expect(r.sigma[0]).toBeGreaterThan(0.1);
    expect(r.sigma[1]).toBeGreaterThan(0.1);
    expect(r.sigma[2]).toBeGreaterThan(0.1);
    expect(r.muStar[2]).toBeGreaterThan(0.5);
  });
});
