import { describe, expect, it } from 'vitest';
import { CHANCE_INPUT, POSTERIOR_INPUT, sensitivityIndices, sensitivityPlan } from '../../engine/apps/compare/sensitivity.ts';

const inputs = [{ name: 'x', paths: ['levers.police.effect'], mode: 'set' as const, distribution: 'uniform' as const, low: 0, high: 1 }];
// 1,000 equally weighted particles whose value is i / 1000: the posterior group is about uniform on [0, 1).
const weights = Array.from({ length: 1000 }, () => 1);

describe('sensitivity of a decision (Saltelli design over the posterior group, lever inputs and chance)', () => {
  const n = 1024;
  const plan = sensitivityPlan({ n, seed: 3, weights, inputs });

  it('names the inputs and lays out n × (k + 2) rows; rows that do not vary chance keep the A row’s seed', () => {
    expect(plan.names).toEqual([POSTERIOR_INPUT, 'x', CHANCE_INPUT]);
    expect(plan.particle).toHaveLength(n * 5);
    // Blocks: A, B, AB_posterior, AB_x, AB_chance.
    for (let r = 0; r < n; r++) {
      expect(plan.seed[2 * n + r]).toBe(plan.seed[r]);
      expect(plan.seed[3 * n + r]).toBe(plan.seed[r]);
      expect(plan.seed[4 * n + r]).toBe(plan.seed[n + r]);
      expect(plan.particle[3 * n + r]).toBe(plan.particle[r]);
      expect(plan.particle[2 * n + r]).toBe(plan.particle[n + r]);
    }
  });

  it('recovers known indices: y = particle value + 2x + chance, shares 1/6, 4/6, 1/6, no interactions', () => {
    // Chance: a value in [0, 1) that only the seed decides.
    const chance = (seed: number) => ((seed * 2654435761) % 2 ** 32) / 2 ** 32;
    const y = plan.particle.map((p, j) => p / 1000 + 2 * plan.levers[j][0] + chance(plan.seed[j]));
    const s = sensitivityIndices(plan, y, 'sens-test');
    const expected = [1 / 6, 4 / 6, 1 / 6];
    s.indices.forEach((ix, i) => {
      expect(Math.abs(ix.first - expected[i])).toBeLessThan(0.05);
      expect(Math.abs(ix.total - expected[i])).toBeLessThan(0.05);
      expect(ix.totalLow).toBeLessThanOrEqual(ix.total);
      expect(ix.totalHigh).toBeGreaterThanOrEqual(ix.total);
    });
  });

  it('draws particles by weight: a particle with no weight is never drawn', () => {
    const skewed = sensitivityPlan({ n: 256, seed: 4, weights: [0, 1, 0, 3], inputs });
    expect(skewed.particle.every((p) => p === 1 || p === 3)).toBe(true);
    const share3 = skewed.particle.filter((p) => p === 3).length / skewed.particle.length;
    expect(share3).toBeGreaterThan(0.65);
    expect(share3).toBeLessThan(0.85);
  });
});
