import { describe, expect, it } from 'vitest';
import { Stream, seedKey } from '../../engine/kernel/rng.ts';
import {
  ARMS,
  FLIP_MIN_DRAWS,
  SOURCES,
  bootstrapShares,
  decide,
  decompose,
  evppi,
  inputQuantile,
  makeDesign,
  rankingFlips,
  uncertainDifference,
} from '../../engine/apps/compare/uncertainty.ts';

/** A standard normal from two uniforms (Box-Muller). */
const normal = (rng: Stream) => Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());

/**
 * Y = a·θ + b·λ + c·θ·λ + ε with θ, λ, ε independent, θ and λ standard normal and ε
 * of standard deviation s: Var E[Y|θ] = a², Var E[Y|λ] = b², the interaction c², and
 * chance s² (total a² + b² + c² + s²). Values laid out as the design lays out runs.
 */
function synthetic(draws: number, a: number, b: number, c: number, s: number): Float64Array {
  const rng = Stream.fromKey(seedKey('uncertainty-test', 1));
  const y = new Float64Array(draws * ARMS);
  const f = (t: number, l: number) => a * t + b * l + c * t * l + s * normal(rng);
  for (let d = 0; d < draws; d++) {
    const t = normal(rng),
      t2 = normal(rng),
      l = normal(rng),
      l2 = normal(rng);
    y[ARMS * d] = f(t, l); //       A
    y[ARMS * d + 1] = f(t, l2); //  B: the same posterior, other levers
    y[ARMS * d + 2] = f(t2, l); //  C: the same levers, another posterior
    y[ARMS * d + 3] = f(t, l); //   D: the same inputs, other random numbers
  }
  return y;
}

describe('variance decomposition by source (pick-freeze over two groups and chance)', () => {
  it('recovers the known shares of a function with an interaction', () => {
    // a² = 4, b² = 1, c² = 1, s² = 4: shares 0.4, 0.1, 0.1, 0.4.
    const d = decompose(synthetic(40_000, 2, 1, 1, 2));
    expect(d.variance).toBeCloseTo(10, 0);
    expect(d.posterior).toBeCloseTo(0.4, 1);
    expect(d.levers).toBeCloseTo(0.1, 1);
    expect(d.interaction).toBeCloseTo(0.1, 1);
    expect(d.noise).toBeCloseTo(0.4, 1);
    expect(Math.abs(d.posterior - 0.4)).toBeLessThan(0.02);
    expect(Math.abs(d.noise - 0.4)).toBeLessThan(0.02);
    expect(d.posterior + d.levers + d.interaction + d.noise).toBeCloseTo(1, 10);
  });

  it('gives all the variance to chance when the inputs do nothing, and none when there is no chance', () => {
    const noise = decompose(synthetic(20_000, 0, 0, 0, 1));
    expect(Math.abs(noise.noise - 1)).toBeLessThan(0.03);
    expect(Math.abs(noise.posterior)).toBeLessThan(0.03);
    const exact = decompose(synthetic(5_000, 1, 1, 0, 0));
    expect(exact.noise).toBeCloseTo(0, 10);
    expect(Math.abs(exact.posterior - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(exact.levers - 0.5)).toBeLessThan(0.05);
  });

  it('summarises differences: the mean over runs, its interval over draws, and the 5-95% spread', () => {
    const y = synthetic(2_000, 1, 0, 0, 0.5);
    const u = uncertainDifference(y, 'bootstrap-test');
    expect(u.mean.n).toBe(2_000);
    expect(u.mean.lo).toBeLessThan(u.mean.mean);
    expect(u.mean.hi).toBeGreaterThan(u.mean.mean);
    // Var = 1.25, so the 5-95% spread is about ±1.645 × 1.118.
    expect(u.p95 - u.p5).toBeGreaterThan(2 * 1.645 * 1.118 * 0.9);
    expect(u.p95 - u.p5).toBeLessThan(2 * 1.645 * 1.118 * 1.1);
  });

  it('brackets the true shares with its bootstrap intervals, narrower with more draws', () => {
    // Shares 0.4, 0.1, 0.1, 0.4 (as above).
    const small = bootstrapShares(synthetic(200, 2, 1, 1, 2), 'b1');
    const large = bootstrapShares(synthetic(3_000, 2, 1, 1, 2), 'b2');
    const truth = { posterior: 0.4, levers: 0.1, interaction: 0.1, noise: 0.4 };
    for (const k of SOURCES) {
      expect(large[k][0]).toBeLessThan(truth[k]);
      expect(large[k][1]).toBeGreaterThan(truth[k]);
      expect(large[k][1] - large[k][0]).toBeLessThan(small[k][1] - small[k][0]);
    }
    expect(bootstrapShares(synthetic(200, 2, 1, 1, 2), 'b1')).toEqual(small);
  });
});

describe('the decision view', () => {
  it('is exact on a hand-built table: probability best, ranks, expected loss and EVPI', () => {
    const d = decide(
      ['x', 'y'],
      [
        [3, 1, 2],
        [1, 2, 2],
      ],
    );
    // Best per draw: x (3 > 1), y (2 > 1), x (a tie goes to the first).
    expect(d.pBest).toEqual([2 / 3, 1 / 3]);
    expect(d.rank).toEqual([
      [2 / 3, 1 / 3],
      [1 / 3, 2 / 3],
    ]);
    // Loss: x 0 + 1 + 0, y 2 + 0 + 0, over 3 draws.
    expect(d.loss[0]).toBeCloseTo(1 / 3, 12);
    expect(d.loss[1]).toBeCloseTo(2 / 3, 12);
    // E[max] = 7/3, max E = E[x] = 2.
    expect(d.evpi).toBeCloseTo(1 / 3, 12);
    expect(d.mean).toEqual([2, 5 / 3]);
  });

  it('has no value of information when one option is best in every draw, and leaves out draws with no value', () => {
    const d = decide(
      ['a', 'b', 'c'],
      [
        [5, 6, NaN, 7],
        [1, 2, 9, 3],
        [0, 0, 0, 0],
      ],
    );
    expect(d.draws).toBe(3);
    expect(d.pBest).toEqual([1, 0, 0]);
    expect(d.evpi).toBe(0);
    expect(d.loss[0]).toBe(0);
    expect(d.loss[2]).toBe(6);
  });
});

describe('the design', () => {
  const inputs = [
    { name: 'cost', paths: ['levers.police.unit_cost'], mode: 'set' as const, distribution: 'log_uniform' as const, low: 1, high: 100 },
    { name: 'effect', paths: ['levers.police.effect'], mode: 'set' as const, distribution: 'uniform' as const, low: 0.5, high: 1.5 },
  ];
  const design = makeDesign({ draws: 50, seed: 7, particles: Array.from({ length: 100 }, (_, i) => i), inputs });

  it('shares the posterior in arms A, B and D and the levers in A, C and D; the others differ', () => {
    for (let d = 0; d < 50; d++) {
      const [a, b, c, dd] = [0, 1, 2, 3].map((arm) => ARMS * d + arm);
      expect([design.particle[a], design.particle[b], design.particle[dd]]).toEqual([2 * d, 2 * d, 2 * d]);
      expect(design.particle[c]).toBe(2 * d + 1);
      expect(design.levers[c]).toEqual(design.levers[a]);
      expect(design.levers[dd]).toEqual(design.levers[a]);
      expect(design.levers[b]).not.toEqual(design.levers[a]);
    }
  });

  it('draws each input inside its range, log-uniform on a log scale, the same from the same seed', () => {
    const costs = design.levers.map((l) => l[0]);
    expect(Math.min(...costs)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...costs)).toBeLessThanOrEqual(100);
    // Log-uniform on [1, 100]: about half below 10.
    const below = costs.filter((c) => c < 10).length / costs.length;
    expect(below).toBeGreaterThan(0.3);
    expect(below).toBeLessThan(0.7);
    expect(inputQuantile(inputs[0], 0.5)).toBeCloseTo(10, 10);
    expect(inputQuantile(inputs[1], 0.25)).toBeCloseTo(0.75, 12);
    expect(makeDesign({ draws: 50, seed: 7, particles: Array.from({ length: 100 }, (_, i) => i), inputs })).toEqual(design);
    expect(makeDesign({ draws: 50, seed: 8, particles: Array.from({ length: 100 }, (_, i) => i), inputs }).levers).not.toEqual(
      design.levers,
    );
  });
});

describe('where the ranking flips', () => {
  it('finds the planted region of the inputs where the challenger beats the leader', () => {
    // 200 draws of two inputs in [0, 1]; "b" beats "a" exactly when x0 > 0.7 (30% of draws).
    const rng = Stream.fromKey(seedKey('flip-test', 0));
    const rows = Array.from({ length: 200 }, () => Float64Array.from([rng.uniform(), rng.uniform()]));
    const a = Float64Array.from(rows, () => 10);
    const b = Float64Array.from(rows, (x) => (x[0] > 0.7 ? 12 : 8));
    const report = { rows: [], decision: decide(['a', 'b'], [a, b]), values: [a, b] };
    const flips = rankingFlips(report, () => ({ names: ['x0', 'x1'], rows }));
    expect(flips).toHaveLength(1);
    const f = flips[0];
    expect([f.leader, f.challenger]).toEqual(['a', 'b']);
    expect(f.cases).toBe(rows.filter((x) => x[0] > 0.7).length);
    expect(f.prim.box.limits.map((l) => l.name)).toEqual(['x0']);
    expect(f.prim.box.limits[0].low).toBeGreaterThan(0.6);
    expect(f.prim.box.limits[0].low).toBeLessThan(0.75);
    expect(f.prim.box.density).toBe(1);
    expect(f.prim.box.coverage).toBeGreaterThan(0.9);
    expect(f.text).toContain('x0 is above');
    expect(f.text).toContain('b is more cost-effective than a');
  });

  it('searches nothing with fewer draws than it needs, or when no option ever beats the leader', () => {
    const rows = Array.from({ length: FLIP_MIN_DRAWS - 1 }, (_, i) => Float64Array.from([i]));
    const a = Float64Array.from(rows, (_, i) => i % 2),
      b = Float64Array.from(rows, (_, i) => 1 - (i % 2));
    expect(rankingFlips({ rows: [], decision: decide(['a', 'b'], [a, b]), values: [a, b] }, () => ({ names: ['x'], rows }))).toEqual([]);
    const many = Array.from({ length: 50 }, (_, i) => Float64Array.from([i]));
    const hi = Float64Array.from(many, () => 2),
      lo = Float64Array.from(many, () => 1);
    expect(
      rankingFlips({ rows: [], decision: decide(['a', 'b'], [hi, lo]), values: [hi, lo] }, () => ({ names: ['x'], rows: many })),
    ).toEqual([]);
  });
});

describe('the expected value of partial perfect information', () => {
  it('is the EVPI for the input that decides, 0 for an input that does not, and never above the EVPI', () => {
    // 100 draws; option b is better exactly when x is above its median; y is noise the values ignore.
    const rng = Stream.fromKey(seedKey('evppi-test', 0));
    const x = Float64Array.from({ length: 100 }, () => rng.uniform());
    const y = Float64Array.from({ length: 100 }, () => rng.uniform());
    const median = Float64Array.from(x).sort()[49];
    const a = Float64Array.from(x, () => 1),
      b = Float64Array.from(x, (v) => (v > median ? 2 : 0));
    const total = decide(['a', 'b'], [a, b]).evpi;
    expect(total).toBeGreaterThan(0.4);
    // With bins split at the median, x tells the draws apart exactly.
    expect(evppi([a, b], x, 2)).toBeCloseTo(total, 12);
    expect(evppi([a, b], y, 5)).toBeLessThan(0.25 * total);
    for (const bins of [2, 5, 10]) expect(evppi([a, b], y, bins)).toBeLessThanOrEqual(total + 1e-12);
  });
});
