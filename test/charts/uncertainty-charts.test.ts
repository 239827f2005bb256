/**
 * The decision views of `tipsim compare --uncertainty` (engine/apps/charts/compare-charts.ts,
 * engine/apps/compare/report.ts): the rankogram and the variance by source from a small
 * UncertaintyReport built with `decide` and `uncertainDifference` on synthetic draws
 * (and one hand-made row with a negative share): every option and rank present, the
 * probabilities of an option adding to 1, the sources' labels, shares outside [0, 1]
 * kept and on the axis; compareCharts' two extra charts with readings computed from
 * the numbers; the report's decision table and EVPI sentence; nothing changed without
 * an uncertainty report.
 */
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { markItems } from './helpers.ts';
import { toSvg } from '../../engine/apps/charts/render.ts';
import {
  ordinal,
  rankogramChart,
  VARIANCE_SOURCE_LABELS,
  VARIANCE_SOURCES,
  varianceSourcesChart,
  type RankRow,
  type VarianceRow,
  costCurvesChart,
  type CurvePoint,
} from '../../engine/apps/charts/compare-charts.ts';
import { compareCharts, compareReport, decisionTable } from '../../engine/apps/compare/report.ts';
import {
  decide,
  SOURCES,
  uncertainDifference,
  type UncertaintyReport,
  type UncertaintyRow,
} from '../../engine/apps/compare/uncertainty.ts';
import { HEADLINES } from '../../engine/apps/compare/headline.ts';
import { SERIES_METRICS, type CompareResult } from '../../engine/apps/compare/comparison.ts';
import { formatShort } from '../../engine/runner/outputs.ts';
import type { Params } from '../../engine/model/params.ts';

// ---------------------------------------------------------------------------
// Synthetic inputs

const OPTIONS = ['police', 'border', 'victims & co'];
/** values[i][d]: option i's victims averted per million EUR in draw d. */
const VALUES = [
  [10, 8, 12, 3, 9],
  [5, 9, 4, 6, 2],
  [1, 2, 3, 7, 4],
];
// Best per draw: police, border, police, victims & co, police -> P(best) 0.6, 0.2, 0.2;
// means 8.4, 5.2, 3.4; E[max] = 47 / 5 = 9.4, so EVPI = 9.4 - 8.4 = 1.
const decision = decide(
  OPTIONS,
  VALUES.map((v) => Float64Array.from(v)),
);

/** A draw-structured difference (replicate r = 4d + arm) over 8 draws. */
function synthetic(scale: number): Float64Array {
  return Float64Array.from({ length: 32 }, (_, r) => {
    const d = Math.floor(r / 4),
      arm = r % 4;
    const theta = [3, -1, 4, 1, -5, 9, 2, -6][d],
      lam = [2, 7, -1, 8, 2, -8, 1, 8][d];
    return scale * ((arm === 2 ? theta / 2 : theta) + (arm === 1 ? -lam : lam) + (arm === 3 ? 0.3 : 0));
  });
}

const interval = (mean: number) => ({ mean, lo: mean - 1, hi: mean + 1, half: 1, n: 8 });

function row(scenario: string, metric: string, y: Float64Array): UncertaintyRow {
  const summary = uncertainDifference(y, `test/${scenario}/${metric}`);
  return { scenario, metric, level: summary.mean, summary };
}

/** A row whose shares fall outside [0, 1], as estimates can. */
const handMade: UncertaintyRow = {
  scenario: 'border',
  metric: 'true_victims',
  level: interval(-3),
  summary: {
    mean: interval(-3),
    p5: -6,
    p95: 1,
    shares: { variance: 4, posterior: 0.5, levers: 0.7, interaction: -0.25, noise: 0.05 },
    sharesInterval: { posterior: [0.2, 0.8], levers: [0.4, 1.2], interaction: [-0.5, 0.1], noise: [0.01, 0.1] },
  },
};

const report: UncertaintyReport = {
  rows: [
    row('baseline', 'true_victims', synthetic(10)),
    row('police', 'true_victims', synthetic(1)),
    row('police', 'victims_assisted', synthetic(2)),
    handMade,
    row('victims & co', 'true_victims', new Float64Array(32)),
  ],
  decision,
  values: VALUES.map((v) => Float64Array.from(v)),
};

/** A CompareResult of the same scenarios: two years, 8 replicates, small numbers. */
function fakeResult(): CompareResult {
  const names = ['baseline', ...OPTIONS];
  const years = [2003, 2004];
  const replicates = 8;
  const runs = names.map((name, i) => ({
    name,
    params: {} as Params,
    headline: Array.from({ length: replicates }, (_, r) => Float64Array.from(HEADLINES, (_, h) => 100 + 10 * h - i + r)),
    series: SERIES_METRICS.map((m, mi) =>
      Array.from({ length: replicates }, (_, r) =>
        Float64Array.from(years, (_, y) =>
          m.startsWith('share') || m.endsWith('share') || m === 'visibility'
            ? 0.1 + 0.05 * y
            : m.startsWith('cost_')
              ? i
                ? 1e5 * (mi + i)
                : 0
              : 50 + r + y + i,
        ),
      ),
    ),
  }));
  const metrics = [...HEADLINES.map((h) => h.name), 'averted_per_million'];
  const rows = names.flatMap((scenario, i) =>
    metrics.map((metric) => ({
      scenario,
      metric,
      window: '2003-2004',
      mean: 10 + i,
      lo: 9 + i,
      hi: 11 + i,
      diff: i ? -i : 0,
      diff_lo: i ? -i - 1 : 0,
      diff_hi: i ? -i + 1 : 0,
    })),
  );
  return { runs, rows, replicates, unmet: [], years };
}

const rankRows = (d = decision): RankRow[] =>
  d.options.flatMap((scenario, i) => d.rank[i].map((probability, k) => ({ scenario, rank: k + 1, probability })));

type Values = Record<string, unknown>[];
const dataOf = (spec: TopLevelSpec): Values => (spec as { data: { values: Values } }).data.values;

/** Relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// ---------------------------------------------------------------------------

describe('the decision of the synthetic draws', () => {
  it('is what the values say', () => {
    expect(decision.pBest).toEqual([0.6, 0.2, 0.2]);
    expect(decision.evpi).toBeCloseTo(1, 12);
    expect(decision.draws).toBe(5);
  });
});

describe('rankogramChart', () => {
  const spec = rankogramChart(rankRows(), { window: '2003-2004' });
  const values = dataOf(spec);
  const enc = (spec as unknown as { encoding: Record<string, unknown> }).encoding;

  it('holds every option at every rank, and the probabilities of an option add to 1', () => {
    for (const s of OPTIONS) {
      const own = values.filter((v) => v.scenario === s);
      expect(own.map((v) => v.rank)).toEqual([1, 2, 3]);
      expect(own.map((v) => v.rankLabel)).toEqual(['1st', '2nd', '3rd']);
      expect(own.reduce((a, v) => a + (v.probability as number), 0)).toBeCloseTo(1, 12);
    }
    expect(values.find((v) => v.scenario === 'police' && v.rank === 1)!.probability).toBeCloseTo(0.6, 12);
  });

  it('draws rank 1 in the strongest colour, on a 0-1 probability axis, options by mean rank, with a tooltip', () => {
    const colour = enc.color as { scale: { domain: string[]; range: string[] } };
    expect(colour.scale.domain).toEqual(['1st', '2nd', '3rd']);
    const lum = colour.scale.range.map(luminance);
    expect(lum[0]).toBeLessThan(lum[1]);
    expect(lum[1]).toBeLessThan(lum[2]);
    const x = enc.x as { title: string; scale: { domain: number[] }; stack: string };
    expect(x.title).toBe('probability');
    expect(x.scale.domain).toEqual([0, 1]);
    expect(x.stack).toBe('zero');
    // Mean ranks: police 1.6, border 2.2, victims & co 2.2 (a tie: input order).
    expect((enc.y as { sort: string[] }).sort).toEqual(['police', 'border', 'victims & co']);
    const tooltip = enc.tooltip as { field: string; format?: string }[];
    expect(tooltip.map((t) => t.field)).toEqual(['scenario', 'rankLabel', 'probability']);
    expect(tooltip[2].format).toBe('.0%');
  });

  it('renders a bar segment per option and rank', async () => {
    const svg = await toSvg(spec);
    expect(markItems(svg, 'rect')).toBe(9);
    expect(svg).toContain('>probability</text>');
  });

  it('names ordinals and refuses a rank that is not 1, 2, …', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 112].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '112th',
    ]);
    expect(() => rankogramChart([])).toThrow(/empty input/);
    expect(() => rankogramChart([{ scenario: 'a', rank: 0, probability: 1 }])).toThrow(/not 1, 2/);
  });
});

describe('varianceSourcesChart', () => {
  const rows: VarianceRow[] = report.rows
    .filter((r) => r.scenario !== 'baseline')
    .flatMap((r) =>
      SOURCES.map((source) => ({
        scenario: r.scenario,
        measure: r.metric,
        source,
        share: r.summary.shares[source],
        lo: r.summary.sharesInterval[source][0],
        hi: r.summary.sharesInterval[source][1],
      })),
    );
  const spec = varianceSourcesChart(rows, { window: '2003-2004' });
  const values = dataOf(spec);

  it('keeps the chosen measure (true victims by default), with the four sources under labels a reader understands', () => {
    expect(new Set(values.map((v) => v.scenario))).toEqual(new Set(OPTIONS));
    expect(values.length).toBe(12);
    expect(VARIANCE_SOURCES).toEqual(SOURCES);
    expect(values.filter((v) => v.scenario === 'police').map((v) => v.source)).toEqual([
      'calibrated parameters',
      'lever costs and effects',
      'their interaction',
      'chance (replicates)',
    ]);
    expect(Object.values(VARIANCE_SOURCE_LABELS)).toEqual([
      'calibrated parameters',
      'lever costs and effects',
      'their interaction',
      'chance (replicates)',
    ]);
    const assisted = dataOf(varianceSourcesChart(rows, { measure: 'victims_assisted' }));
    expect(assisted.map((v) => v.scenario)).toEqual(['police', 'police', 'police', 'police']);
    expect(() => varianceSourcesChart(rows, { measure: 'nothing' })).toThrow(/no rows for measure/);
    expect(() => varianceSourcesChart([{ ...rows[0], source: 'luck' as never }])).toThrow(/unknown source/);
  });

  it('keeps shares below 0 and above 1 as they are, and the axis spans them', () => {
    const border = values.filter((v) => v.scenario === 'border');
    expect(border.find((v) => v.source === 'their interaction')).toMatchObject({ share: -0.25, lo: -0.5, hi: 0.1 });
    expect(border.find((v) => v.source === 'lever costs and effects')).toMatchObject({ share: 0.7, hi: 1.2 });
    // The police row's shares come from the estimator and add to 1.
    const police = values.filter((v) => v.scenario === 'police').map((v) => v.share as number);
    expect(police.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const layer = (spec as { layer: { encoding?: { x?: { scale?: { domain: number[] } } } }[] }).layer;
    const domain = layer.find((l) => l.encoding?.x?.scale)!.encoding!.x!.scale!.domain;
    expect(domain[0]).toBeLessThanOrEqual(-0.5);
    expect(domain[1]).toBeGreaterThanOrEqual(1.2);
  });

  it('marks a scenario with no variance n/a and renders bars and interval lines', async () => {
    expect(values.filter((v) => v.scenario === 'victims & co').every((v) => v.share === null)).toBe(true);
    const svg = await toSvg(spec);
    expect(svg).toContain('n/a (no variance to share out)');
    expect(markItems(svg, 'rect')).toBe(8);
    expect(markItems(svg, 'rule')).toBeGreaterThanOrEqual(8);
    for (const label of Object.values(VARIANCE_SOURCE_LABELS)) expect(svg).toContain(`>${label}</text>`);
  });
});

describe('compareCharts and compareReport with an uncertainty report', () => {
  const result = fakeResult();

  it('append the rankogram and the variance by source, with readings computed from the numbers', async () => {
    const plain = compareCharts(result, '2003-2004');
    expect(compareCharts(result, '2003-2004', undefined)).toEqual(plain);
    const charts = compareCharts(result, '2003-2004', report);
    expect(charts.map((c) => c.id)).toEqual([...plain.map((c) => c.id), 'rankogram', 'variance-sources']);
    const rank = charts.find((c) => c.id === 'rankogram')!;
    expect(rank.title).toBeTruthy();
    expect(rank.text).toContain('police is the most cost-effective in 60% of 5 draws');
    expect(rank.text).toContain(`expected value of perfect information is ${formatShort(decision.evpi)} victims averted per million EUR`);
    const variance = charts.find((c) => c.id === 'variance-sources')!;
    const police = report.rows[1].summary;
    const top = SOURCES.reduce((a, b) => (police.shares[b] > police.shares[a] ? b : a));
    expect(variance.text).toContain(`police: ${VARIANCE_SOURCE_LABELS[top]} (${Math.round(police.shares[top] * 100)}%`);
    expect(variance.text).toContain('border: lever costs and effects (70%, 90% interval 40% to 120%)');
    expect(variance.text).toContain('victims & co: no variance');
    // The baseline's own variance is not a difference from the baseline.
    expect(dataOf(variance.spec).some((v) => v.scenario === 'baseline')).toBe(false);
    for (const c of charts.slice(-2)) expect((await toSvg(c.spec)).length).toBeGreaterThan(1000);
  });

  it('leave out the rankogram when no scenario spends more than the baseline', () => {
    const none = { ...report, decision: decide([], []), values: [] };
    expect(
      compareCharts(result, '2003-2004', none)
        .map((c) => c.id)
        .slice(-1),
    ).toEqual(['variance-sources']);
  });

  it('the report gains the decision table sorted by P(best) and the EVPI sentence, escaped; without uncertainty nothing changes', () => {
    const base = { window: '2003-2004', charts: [], manifest: { seed: 1 }, links: [] };
    const plain = compareReport(result, base);
    expect(compareReport(result, { ...base, uncertainty: undefined })).toBe(plain);
    expect(plain).not.toContain('id="decision"');
    const html = compareReport(result, { ...base, uncertainty: report });
    expect(decisionTable(report).rows).toEqual([
      ['police', '60%', formatShort(decision.loss[0]), formatShort(8.4)],
      ['border', '20%', formatShort(decision.loss[1]), formatShort(5.2)],
      ['victims & co', '20%', formatShort(decision.loss[2]), formatShort(3.4)],
    ]);
    const section = html.slice(
      html.indexOf('<section aria-labelledby="decision">'),
      html.indexOf('</section>', html.indexOf('aria-labelledby="decision"')),
    );
    expect(section).toContain('<th scope="col">P(best)</th>');
    expect(section).toContain('<th scope="col">expected loss</th>');
    expect(section).toContain('<th scope="col">mean averted per million EUR</th>');
    expect(section).toContain('<td>victims &amp; co</td>');
    expect(section).not.toContain('victims & co');
    expect(section.indexOf('<td>police</td>')).toBeLessThan(section.indexOf('<td>border</td>'));
    expect(section).toContain(`The expected value of perfect information is ${formatShort(decision.evpi)} victims averted per million EUR`);
    expect(html).toContain('<li><a href="#decision">');
    // The rest of the page is as before: the headline table is unchanged.
    const headline = (h: string) => h.slice(h.indexOf('<h2 id="headline">'), h.indexOf('</section>', h.indexOf('<h2 id="headline">')));
    expect(headline(html)).toBe(headline(plain));
  });
});

describe('costCurvesChart', () => {
  it('renders a panel of scenarios and one of twelve levers alone, every line named at its end', async () => {
    const rows: CurvePoint[] = [];
    const levers = Array.from({ length: 12 }, (_, i) => `lever${i} alone`);
    for (const [i, series] of [...levers, 'p1', 'p2', 'p3', 'p4', 'p5'].entries())
      for (const budget of [25, 50, 100])
        rows.push({
          series,
          kind: series.endsWith('alone') ? 'lever' : 'scenario',
          budget,
          avertedPerMillion: 100 / (1 + i) - budget / 10,
          lo: 0,
          hi: 120,
        });
    const spec = costCurvesChart(rows) as unknown as { vconcat: { data: { values: { series: string; last: boolean }[] } }[] };
    expect(spec.vconcat).toHaveLength(2);
    expect(
      spec.vconcat[1].data.values
        .filter((v) => v.last)
        .map((v) => v.series)
        .sort(),
    ).toEqual([...levers].sort());
    const svg = await toSvg(spec as never);
    for (const name of ['lever11 alone', 'p5', 'Each lever alone', 'Scenarios']) expect(svg).toContain(name);
  });
});
