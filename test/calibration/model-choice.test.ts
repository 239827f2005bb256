/**
 * ABC model choice and its power (engine/apps/calibration/model-choice.ts) on toy models whose
 * figures are counts, as the model's (log(1 + y_j) = mu + 0.3 e_j, j = 1..4):
 *  - two clearly different models (the second adds a trend across the four
 *    figures) are told apart: a confusion matrix with a high diagonal, a high mean
 *    posterior probability of the true model, and data from either named right;
 *  - two identical models are not: about chance on the diagonal and probabilities
 *    about one half;
 *  - reference tables are drawn from the seed tree (the same from the same seed)
 *    and resumed tables give the same result.
 */
import { describe, expect, it } from 'vitest';
import { Stream } from '../../engine/kernel/rng.ts';
import type { Prior, Target } from '../../engine/apps/calibration/setup.ts';
import { classify, referenceTable, runModelChoice, type ChoiceModel } from '../../engine/apps/calibration/model-choice.ts';
import type { SimulateBatch } from '../../engine/apps/calibration/sbc.ts';
import { confusionChart } from '../../engine/apps/charts/diagnostics-charts.ts';
import { toPng, toSvg } from '../../engine/apps/charts/render.ts';

const K = 4;
const mu: Prior = { name: 'mu', paths: ['x'], mode: 'set', distribution: 'uniform', range: [2, 6], reason: 'toy' };
const targets: Target[] = Array.from({ length: K }, (_, j) => ({
  group: 'y',
  metric: 'y',
  country: 'ALL',
  year: 2000 + j,
  value: 0,
  sigma: 0.3,
  source: 'toy',
}));

/** Figures around mu, plus `trend` × (−1.5, −0.5, 0.5, 1.5) on the log scale. */
const toy =
  (trend: number): SimulateBatch =>
  async (thetas, seeds) =>
    thetas.map((t, i) => {
      const e = Stream.fromKey(seeds[i]);
      return Float64Array.from({ length: K }, (_, j) => Math.expm1(t[0] + trend * (j - 1.5) + 0.3 * e.normal()));
    });
const flat: ChoiceModel = { name: 'flat', priors: [mu], simulate: toy(0) };
const trend: ChoiceModel = { name: 'trend', priors: [mu], simulate: toy(1) };
const twin: ChoiceModel = { name: 'twin', priors: [mu], simulate: toy(0) };

const withValues = (values: Float64Array) => targets.map((t, j) => ({ ...t, value: values[j] }));

describe('ABC model choice', () => {
  it('tells two clearly different models apart', async () => {
    const [observed] = await trend.simulate([[4]], ['observed']);
    const r = await runModelChoice({ models: [flat, trend], targets: withValues(observed), seed: 5, reference: 300, pseudo: 100 });
    expect(r.simulations).toBe(600);
    expect(r.confusion.map((c) => c.quantile)).toEqual([0.05, 0.1, 0.2]);
    const [main] = r.confusion;
    expect(main.models).toEqual(['flat', 'trend']);
    expect(main.counts.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([100, 100]);
    expect(main.counts[0][0]).toBeGreaterThanOrEqual(90);
    expect(main.counts[1][1]).toBeGreaterThanOrEqual(90);
    expect(main.accuracy).toBeGreaterThan(0.9);
    for (const p of main.meanProbability) expect(p).toBeGreaterThan(0.85);
    expect(r.pseudo).toHaveLength(2 * 100 * 3);
    // The real data come from the trend model: it is named, surely.
    const trendAt5 = r.observed.find((o) => o.quantile === 0.05 && o.model === 'trend')!;
    expect(trendAt5.probability).toBeGreaterThan(0.9);
    expect(trendAt5.lo90).toBeGreaterThan(0.5);
    // Probabilities over the models sum to one.
    for (const q of r.quantiles)
      expect(r.observed.filter((o) => o.quantile === q).reduce((a, o) => a + o.probability, 0)).toBeCloseTo(1, 12);

    // The chart: a matrix per quantile.
    const cells = r.confusion.flatMap((c) =>
      c.models.flatMap((t, i) =>
        c.models.map((ch, j) => ({
          panel: `closest ${c.quantile * 100}%`,
          truth: t,
          chosen: ch,
          count: c.counts[i][j],
          share: c.counts[i][j] / 100,
        })),
      ),
    );
    const svg = await toSvg(confusionChart(cells, { models: r.models }));
    expect(svg).toContain('>closest 5%</text>');
    expect(svg).toContain('>Model chosen</text>');
    expect(svg).toContain(`>${main.counts[0][0]} (${main.counts[0][0]}%)</text>`);
    expect(toPng(svg).length).toBeGreaterThan(1000);
  });

  it('does not tell two identical models apart: about chance', async () => {
    const r = await runModelChoice({ models: [flat, twin], targets, seed: 6, reference: 300, pseudo: 100 });
    for (const c of r.confusion) {
      // 200 classifications of a fair coin: 50% ± 3.5% (one standard deviation).
      expect(c.accuracy, `closest ${c.quantile}: ${JSON.stringify(c.counts)}`).toBeGreaterThan(0.35);
      expect(c.accuracy).toBeLessThan(0.65);
      for (const p of c.meanProbability) expect(Math.abs(p - 0.5)).toBeLessThan(0.1);
    }
  });

  it('draws tables from the seed tree; resumed tables give the same result; a held-out simulation is left out', async () => {
    const a = await referenceTable(flat, 20, 9);
    expect(await referenceTable(flat, 20, 9)).toEqual(a);
    expect((await referenceTable(flat, 30, 9)).thetas.slice(0, 20)).toEqual(a.thetas);
    const full = await runModelChoice({ models: [flat, trend], targets, seed: 9, reference: 60, pseudo: 10 });
    const resumed = await runModelChoice({
      models: [flat, trend],
      targets,
      seed: 9,
      reference: 60,
      pseudo: 10,
      tables: JSON.parse(JSON.stringify(full.tables)),
    });
    expect(resumed.simulations).toBe(0);
    expect({ ...resumed, simulations: 0 }).toEqual({ ...full, simulations: 0 });
    // A data set that is itself in the table: left in, it is its own nearest neighbour (distance 0).
    const tables = full.tables.map((t) => ({ model: t.model, statistics: t.statistics.map((s) => Float64Array.from(s)) }));
    const scales = Float64Array.from(full.scales);
    const data = withValues(tables[0].statistics[0]);
    const kept = classify(tables, scales, data, [0.01]);
    const left = classify(tables, scales, data, [0.01], { table: 0, index: 0 });
    expect(kept.rows[0].count).toBeGreaterThanOrEqual(1);
    expect(left.rows[0].count).toBeLessThanOrEqual(kept.rows[0].count);
    await expect(runModelChoice({ models: [flat, trend], targets, seed: 9, reference: 10, pseudo: 10 })).rejects.toThrow(/pseudo-observed/);
  });
});
