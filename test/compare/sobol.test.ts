/**
 * Sobol' sensitivity indices against known cases: the Sobol' sequence against
 * scipy.stats.qmc.Sobol, the design's shape, the estimators by hand, the Ishigami
 * function's published indices, an additive function's exact indices, determinism.
 */
import { describe, expect, it } from 'vitest';
import {
  SOBOL_MAX_DIMENSIONS,
  designRows,
  evaluateDesign,
  saltelliDesign,
  scaleDesign,
  sobolIndices,
  sobolSequence,
  splitOutputs,
  uniformQuantile,
} from '../../engine/apps/compare/sobol.ts';
import { Stream } from '../../engine/kernel/rng.ts';

const uniforms = (key: string): (() => number) => {
  const s = Stream.fromKey(key);
  return () => s.uniform();
};

const ishigami = (x: Float64Array): number => Math.sin(x[0]) + 7 * Math.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * Math.sin(x[0]);

describe('Sobol sequence', () => {
  it('unscrambled, the first 8 points equal scipy.stats.qmc.Sobol(d=40, scramble=False)', () => {
    const x = sobolSequence(8, 40);
    const col = (j: number) => Array.from({ length: 8 }, (_, i) => x[i * 40 + j]);
    // scipy 1.17: Sobol(d=40, scramble=False).random(8)[:, j]
    expect(col(0)).toEqual([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
    expect(col(1)).toEqual([0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625]);
    expect(col(2)).toEqual([0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375]);
    expect(col(3)).toEqual([0, 0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125]);
    expect(col(5)).toEqual([0, 0.5, 0.75, 0.25, 0.125, 0.625, 0.875, 0.375]);
    expect(col(37)).toEqual([0, 0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125]);
    expect(col(38)).toEqual([0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625]);
    expect(col(39)).toEqual([0, 0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125]);
  });

  it('unscrambled, points 1000 and 2^16 − 1 equal scipy in all 40 dimensions (direction-number recurrence)', () => {
    const n = 2 ** 16,
      d = 40;
    const x = sobolSequence(n, d);
    const row = (i: number) => Array.from(x.subarray(i * d, (i + 1) * d), (v) => v * 2 ** 16);
    // scipy 1.17: Sobol(d=40, scramble=False).random(2**16)[i] * 2**16
    expect(row(1000)).toEqual([
      14400, 6336, 33984, 44352, 18368, 59456, 3008, 58944, 32832, 4544, 5568, 16704, 10560, 25152, 9408, 24256, 47168, 22592, 64960, 47552,
      34240, 36032, 62272, 35392, 38208, 59456, 2624, 64192, 3904, 22336, 9664, 9536, 19392, 38848, 52544, 50496, 55616, 54464, 20160,
      31424,
    ]);
    expect(row(n - 1)).toEqual([
      1, 65535, 36949, 49925, 16571, 35771, 33895, 47689, 58661, 10741, 11279, 4711, 61239, 21513, 30175, 31409, 10491, 12211, 8641, 28675,
      37123, 27905, 2883, 18243, 19187, 44401, 49075, 44177, 5447, 64125, 52263, 33359, 57519, 13901, 45557, 33885, 59119, 54501, 29561,
      28545,
    ]);
  });

  it('scrambled, the first 2^10 points stay stratified in every dimension (one point per interval of width 2^-10)', () => {
    const n = 1024,
      d = SOBOL_MAX_DIMENSIONS;
    const x = sobolSequence(n, d, { scramble: uniforms('sobol scramble') });
    for (let j = 0; j < d; j++) {
      const cells = new Set<number>();
      for (let i = 0; i < n; i++) cells.add(Math.floor(x[i * d + j] * n));
      expect(cells.size).toBe(n);
    }
    expect(x[0]).not.toBe(0); // the digital shift moved the origin
  });
});

describe('Saltelli design', () => {
  for (const sequence of ['sobol', 'random'] as const) {
    it(`${sequence}: A, B and the k matrices AB_i are n × k on [0, 1), AB_i = A with column i from B`, () => {
      const k = 5,
        n = 64;
      const d = saltelliDesign(k, n, uniforms(`design ${sequence}`), { sequence });
      expect(d.sequence).toBe(sequence);
      expect(d.A.length).toBe(n * k);
      expect(d.B.length).toBe(n * k);
      expect(d.AB.length).toBe(k);
      for (const m of [d.A, d.B, ...d.AB]) {
        expect(m.length).toBe(n * k);
        for (const v of m) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThan(1);
        }
      }
      for (let i = 0; i < k; i++) {
        for (let r = 0; r < n; r++) {
          for (let j = 0; j < k; j++) {
            expect(d.AB[i][r * k + j]).toBe(j === i ? d.B[r * k + j] : d.A[r * k + j]);
          }
        }
      }
      // A and B are different points, not copies.
      expect(Array.from(d.A)).not.toEqual(Array.from(d.B));
      // n × (k + 2) rows to evaluate, split back in the same order.
      const rows = designRows(d);
      expect(rows.length).toBe(n * (k + 2));
      expect(Array.from(rows[n + 3])).toEqual(Array.from(d.B.subarray(3 * k, 4 * k)));
      const y = splitOutputs(
        d,
        rows.map((_, t) => t),
      );
      expect(y.yA[7]).toBe(7);
      expect(y.yB[7]).toBe(n + 7);
      expect(y.yAB[2][7]).toBe(4 * n + 7);
    });
  }

  it('scaleDesign maps each column through its quantile function', () => {
    const d = saltelliDesign(2, 16, uniforms('scale'));
    const s = scaleDesign(d, [uniformQuantile(-Math.PI, Math.PI), (u) => 10 * u]);
    for (let t = 0; t < d.A.length; t++) {
      expect(s.A[t]).toBeCloseTo(t % 2 === 0 ? -Math.PI + 2 * Math.PI * d.A[t] : 10 * d.A[t], 12);
      expect(s.AB[1][t]).toBeCloseTo(t % 2 === 0 ? -Math.PI + 2 * Math.PI * d.AB[1][t] : 10 * d.AB[1][t], 12);
    }
  });

  it('a Sobol design beyond 40 dimensions (k > 20) is refused; the pseudo-random one is not', () => {
    expect(() => saltelliDesign(21, 16, uniforms('big'))).toThrow(/random/);
    expect(saltelliDesign(21, 16, uniforms('big'), { sequence: 'random' }).AB.length).toBe(21);
  });
});

describe('Sobol indices', () => {
  it('estimators by hand: V divides by 2n, S = mean(yB (yAB − yA)) / V, ST = mean((yA − yAB)²) / 2 / V, shift-invariant', () => {
    // yA ∪ yB has mean 0 and V = (1 + 1 + 4 + 4 + 0 + 1 + 1 + 0) / 8 = 1.5.
    // yAB − yA = [0, 0, −3, 0]: S = (−1 × −3) / 4 / 1.5 = 0.5, ST = 9 / 4 / 2 / 1.5 = 0.75.
    const yA = [1, -1, 2, -2],
      yB = [0, 1, -1, 0],
      yAB = [[1, -1, -1, -2]];
    const r = sobolIndices(yA, yB, yAB, { rng: uniforms('hand'), resamples: 0 });
    expect(r.V).toBeCloseTo(1.5, 12);
    expect(r.n).toBe(4);
    expect(r.indices[0].first).toBeCloseTo(0.5, 12);
    expect(r.indices[0].total).toBeCloseTo(0.75, 12);
    expect(r.indices[0].firstLow).toBeNaN();
    // Centring: adding 100 to every output changes nothing.
    const up = (y: number[]) => y.map((v) => v + 100);
    const s = sobolIndices(up(yA), up(yB), yAB.map(up), { rng: uniforms('hand'), resamples: 0 });
    expect(s.V).toBeCloseTo(1.5, 9);
    expect(s.indices[0].first).toBeCloseTo(0.5, 9);
    expect(s.indices[0].total).toBeCloseTo(0.75, 9);
    // A constant output has no sensitivity (SALib returns 0 too).
    const c = sobolIndices([2, 2, 2], [2, 2, 2], [[2, 2, 2]], { rng: uniforms('const'), resamples: 10 });
    expect(c.V).toBe(0);
    expect(c.indices[0]).toMatchObject({ first: 0, total: 0, firstLow: 0, firstHigh: 0 });
  });

  it('Ishigami (a = 7, b = 0.1) at n = 2^13 (Sobol, 5 × 2^13 runs): all six indices within 0.02 of the analytic values, bootstrap intervals cover them', () => {
    const S = [0.3139, 0.4424, 0];
    const ST = [0.5576, 0.4424, 0.2437];
    const rng = uniforms('ishigami');
    const design = scaleDesign(
      saltelliDesign(3, 2 ** 13, rng),
      [0, 1, 2].map(() => uniformQuantile(-Math.PI, Math.PI)),
    );
    const y = evaluateDesign(design, ishigami);
    const r = sobolIndices(y.yA, y.yB, y.yAB, { rng });
    expect(r.n).toBe(2 ** 13);
    expect(r.resamples).toBe(500);
    expect(r.level).toBe(0.95);
    // Var(Y) = a²/8 + b π⁴/5 + b² π⁸/18 + 1/2 = 13.8446.
    expect(r.V).toBeGreaterThan(13.8446 * 0.95);
    expect(r.V).toBeLessThan(13.8446 * 1.05);
    let covered = 0;
    r.indices.forEach((ix, i) => {
      expect(Math.abs(ix.first - S[i])).toBeLessThan(0.02);
      expect(Math.abs(ix.total - ST[i])).toBeLessThan(0.02);
      expect(ix.firstHigh - ix.firstLow).toBeGreaterThan(0);
      expect(ix.totalHigh - ix.totalLow).toBeGreaterThan(0);
      expect(ix.firstLow).toBeLessThanOrEqual(ix.first + 1e-3);
      expect(ix.firstHigh).toBeGreaterThanOrEqual(ix.first - 1e-3);
      if (ix.firstLow <= S[i] && S[i] <= ix.firstHigh) covered++;
      if (ix.totalLow <= ST[i] && ST[i] <= ix.totalHigh) covered++;
    });
    expect(covered).toBeGreaterThanOrEqual(5);
  });

  it('additive y = Σ c_i x_i at n = 2^12: first = total = c_i² / Σ c_j² within 0.001', () => {
    const c = [1, 2, 3, 0.5, 0];
    const sum = c.reduce((s, ci) => s + ci * ci, 0);
    const rng = uniforms('additive');
    const y = evaluateDesign(saltelliDesign(c.length, 2 ** 12, rng), (x) => c.reduce((s, ci, i) => s + ci * x[i], 0));
    const r = sobolIndices(y.yA, y.yB, y.yAB, { rng, resamples: 100 });
    expect(r.V).toBeCloseTo(sum / 12, 2);
    r.indices.forEach((ix, i) => {
      expect(Math.abs(ix.first - c[i] ** 2 / sum)).toBeLessThan(0.001);
      expect(Math.abs(ix.total - c[i] ** 2 / sum)).toBeLessThan(0.001);
    });
  });

  it('the same generator key gives identical designs and indices; another key does not', () => {
    const run = (key: string) => {
      const rng = uniforms(key);
      const d = saltelliDesign(3, 2 ** 10, rng);
      const y = evaluateDesign(
        scaleDesign(
          d,
          [0, 1, 2].map(() => uniformQuantile(-Math.PI, Math.PI)),
        ),
        ishigami,
      );
      return { A: Array.from(d.A), result: sobolIndices(y.yA, y.yB, y.yAB, { rng, resamples: 100 }) };
    };
    const a = run('determinism'),
      b = run('determinism'),
      c = run('determinism, other key');
    expect(b).toEqual(a);
    expect(c.A).not.toEqual(a.A);
    expect(c.result.indices[0].firstLow).not.toBe(a.result.indices[0].firstLow);
  });

  it('refuses mismatched lengths, non-finite outputs and bad options', () => {
    const rng = uniforms('errors');
    expect(() => sobolIndices([1, 2, 3], [1, 2], [[1, 2, 3]], { rng })).toThrow(/same length/);
    expect(() => sobolIndices([1, 2, NaN], [1, 2, 3], [[1, 2, 3]], { rng })).toThrow(/finite/);
    expect(() => sobolIndices([1, 2, 3], [1, 2, 3], [[1, 2, 3]], { rng, level: 1 })).toThrow(/level/);
  });
});
