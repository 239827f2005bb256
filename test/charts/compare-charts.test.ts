/**
 * engine/apps/charts/compare-charts.ts: the six comparison report charts compile, render their marks,
 * labels, units and source note to SVG (and PNG); scenarios keep their input order with
 * the baseline first; the article's Table 1 points are drawn exactly as given; prongs
 * keep their colours across inputs; each builder's spec for a fixed input is pinned in
 * __golden__/compare-*.json (rewrite with UPDATE_GOLDEN=1).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { expectGolden, escapeXml, markItems } from './helpers.ts';
import { compile, OKABE_ITO, toPng, toSvg } from '../../engine/apps/charts/render.ts';
import {
  BASELINE,
  corruptionChart,
  costEffectivenessChart,
  destinationsChart,
  effectsChart,
  PRONG_COLOURS,
  PRONGS,
  scenarioOrder,
  STRATEGIES,
  strategySharesChart,
  TABLE1_SOURCE,
  TABLE1_TOTALS,
  visibilityGapChart,
  type ArticlePoint,
  type BandPoint,
  type CorruptionRow,
  type CostRow,
  type EffectRow,
  type RegionRow,
  type ShareRow,
} from '../../engine/apps/charts/compare-charts.ts';

/** Whether the SVG draws `label` as a whole text (or tspan) element. */
function hasText(svg: string, label: string): boolean {
  const t = `>${escapeXml(label)}</`;
  return svg.includes(`${t}text>`) || svg.includes(`${t}tspan>`);
}

/** Labels in the order the SVG first draws them (panel headers are drawn in panel order). */
function drawOrder(svg: string, labels: string[]): string[] {
  const at = labels.map((l) => [l, svg.indexOf(`>${escapeXml(l)}</text>`)] as const);
  for (const [l, i] of at) if (i < 0) throw new Error(`label ${l} not drawn`);
  return [...at].sort((a, b) => a[1] - b[1]).map(([l]) => l);
}

/** Axis labels from top to bottom, by their y translation within the axis. */
function topToBottom(svg: string, labels: string[]): string[] {
  const y = (l: string) => {
    const m = new RegExp(`translate\\(-?[\\d.]+,(-?[\\d.]+)\\)"[^>]*>${escapeXml(l)}</text>`).exec(svg);
    if (!m) throw new Error(`axis label ${l} not drawn`);
    return Number(m[1]);
  };
  return [...labels].sort((a, b) => y(a) - y(b));
}

/** Fill (or stroke) of the marks whose aria-label mentions `needle`. */
function colourOf(svg: string, role: 'point' | 'line mark', needle: string, attr: 'fill' | 'stroke'): string[] {
  const re = new RegExp(`<path aria-label="([^"]*)"[^>]*aria-roledescription="${role}"[^>]*\\s${attr}="(#[0-9A-Fa-f]{6})"`, 'g');
  return [...svg.matchAll(re)].filter((m) => m[1].includes(needle)).map((m) => m[2]);
}

function expectPng(png: Uint8Array): void {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.length).toBeGreaterThan(1000);
}

// ---------------------------------------------------------------------------
// Fixtures

const ARTICLE: ArticlePoint[] = TABLE1_TOTALS.map((p) => ({ ...p }));
const YEARS = [2000, 2001, 2002, 2003, 2004];

function bands(scenario: string, base: number, step: number, years = YEARS): BandPoint[] {
  return years.map((year, i) => {
    const mean = base + step * i;
    return { scenario, year, mean, lo: mean * 0.9, hi: mean * 1.15 };
  });
}

// Not alphabetical, baseline in the middle: the charts must show baseline, supply, victims.
const SCENARIOS = ['supply-prong', BASELINE, 'victims-prong'];
const SHOWN = [BASELINE, 'supply-prong', 'victims-prong'];

const EFFECTS: EffectRow[] = [
  { scenario: 'victims-prong', measure: 'Cumulative true victims', diff: -900, lo: -1300, hi: -500, unit: 'victims' },
  { scenario: 'demand-prong', measure: 'Cumulative true victims', diff: -300, lo: -700, hi: 50, unit: 'victims' },
  { scenario: 'supply-prong', measure: 'Cumulative true victims', diff: 200, lo: -100, hi: 450, unit: 'victims' },
  { scenario: 'victims-prong', measure: 'Victims assisted', diff: 120, lo: 60, hi: 180, unit: 'victims' },
  { scenario: 'demand-prong', measure: 'Victims assisted', diff: -10, lo: -40, hi: 20, unit: 'victims' },
  { scenario: 'supply-prong', measure: 'Victims assisted', diff: 300, lo: 220, hi: 390, unit: 'victims' },
];

function shareRows(scenarios: string[], years: number[], withBands: boolean): ShareRow[] {
  return scenarios.flatMap((scenario, k) =>
    years.flatMap((year, i) =>
      STRATEGIES.map((strategy, j) => {
        const share = 0.1 + 0.2 * j + 0.03 * i - 0.02 * k;
        return withBands ? { scenario, year, strategy, share, lo: share - 0.05, hi: share + 0.05 } : { scenario, year, strategy, share };
      }),
    ),
  );
}

function regionRows(scenarios: string[], years: number[]): RegionRow[] {
  return scenarios.flatMap((scenario, k) =>
    years.flatMap((year, i) => {
      const west = 0.3 + 0.05 * i + 0.02 * k;
      return [
        { scenario, year, region: 'Balkans' as const, share: 1 - west },
        { scenario, year, region: 'Western Europe' as const, share: west },
      ];
    }),
  );
}

function corruptionRows(scenarios: string[], years: number[]): CorruptionRow[] {
  return scenarios.flatMap((scenario, k) =>
    years.map((year, i) => ({
      scenario,
      year,
      officialsCorruptShare: 0.25 - 0.01 * i * k,
      bribesPaid: 800_000 + 50_000 * i - 100_000 * k,
    })),
  );
}

const COSTS: CostRow[] = [
  { scenario: 'victims-prong', prong: 'victims', avertedPerMillion: 14, lo: 8, hi: 21 },
  { scenario: 'supply-prong', prong: 'supply', avertedPerMillion: 3, lo: -2, hi: 8 },
  { scenario: 'demand-prong', prong: 'demand', avertedPerMillion: 6, lo: 1, hi: 11 },
  { scenario: 'three-pronged', prong: 'mixed', avertedPerMillion: 9, lo: 4, hi: 15 },
  { scenario: 'enforcement-push-only', prong: 'enforcement', avertedPerMillion: -1, lo: -5, hi: 2 },
];

// ---------------------------------------------------------------------------

describe('scenarioOrder', () => {
  it('keeps the order first seen and moves the baseline first', () => {
    expect(scenarioOrder(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
    expect(scenarioOrder(['b', 'a', BASELINE, 'c'])).toEqual([BASELINE, 'b', 'a', 'c']);
    expect(scenarioOrder([BASELINE, 'z'])).toEqual([BASELINE, 'z']);
  });
});

describe('every chart', () => {
  const all: [string, () => TopLevelSpec][] = [
    ['visibility gap', () => visibilityGapChart(bands(BASELINE, 5000, 300), bands(BASELINE, 600, 100), ARTICLE)],
    ['effects', () => effectsChart(EFFECTS)],
    ['strategy shares', () => strategySharesChart(shareRows(SCENARIOS, YEARS, true))],
    ['destinations', () => destinationsChart(regionRows(SCENARIOS, YEARS))],
    ['corruption', () => corruptionChart(corruptionRows(SCENARIOS, YEARS))],
    ['cost-effectiveness', () => costEffectivenessChart(COSTS)],
  ];

  it.each(all)('%s compiles to a vega spec with marks and renders to PNG', async (_name, build) => {
    const spec = build();
    expect(compile(spec).marks?.length).toBeGreaterThan(0);
    const svg = await toSvg(spec);
    expect(svg).toMatch(/role-mark/);
    expectPng(toPng(svg));
    // Inline data only, compact.
    expect(JSON.stringify(spec)).not.toMatch(/"url"/);
    expect(JSON.stringify(spec).length).toBeLessThan(12_000);
  });

  it('reject an empty input with a message naming the chart', () => {
    expect(() => visibilityGapChart([], bands(BASELINE, 1, 1), ARTICLE)).toThrow(/visibilityGapChart: no true-victim rows/);
    expect(() => visibilityGapChart(bands(BASELINE, 1, 1), [], ARTICLE)).toThrow(/visibilityGapChart: no victims-assisted/);
    expect(() => effectsChart([])).toThrow(/effectsChart: no rows/);
    expect(() => strategySharesChart([])).toThrow(/strategySharesChart: no rows/);
    expect(() => destinationsChart([])).toThrow(/destinationsChart: no rows/);
    expect(() => corruptionChart([])).toThrow(/corruptionChart: no rows/);
    expect(() => costEffectivenessChart([])).toThrow(/costEffectivenessChart: no rows/);
  });
});

describe('visibilityGapChart', () => {
  const trueSeries = bands(BASELINE, 5000, 300);
  const assisted = bands(BASELINE, 600, 100);
  let svg: string;
  beforeAll(async () => {
    svg = await toSvg(visibilityGapChart(trueSeries, assisted, ARTICLE, { trueLabel: 'Victims in exploitation (stock)' }));
  });

  it('draws a band and a line per series, a point per published figure', () => {
    expect(markItems(svg, 'area')).toBe(2);
    expect(markItems(svg, 'line')).toBe(2);
    expect(markItems(svg, 'symbol')).toBe(ARTICLE.length);
  });

  it('names the series, the axes, the scenario and the source', () => {
    for (const label of [
      'Year',
      'Victims per year',
      'Victims in exploitation (stock)',
      'Victims assisted (simulated)',
      'Victims assisted in SEE (Vreja 2005)',
      'The visibility gap: true victims against victims assisted',
      TABLE1_SOURCE,
    ]) {
      expect(hasText(svg, label), label).toBe(true);
    }
    expect(TABLE1_SOURCE).toBe('Source: Vreja 2005, Connections, Table 1');
    expect(svg).toContain('Scenario baseline.');
  });

  it('holds the article points exactly as given and plots them at their values', () => {
    const spec = visibilityGapChart(trueSeries, assisted, ARTICLE) as { layer: { data: { values: unknown } }[] };
    expect(spec.layer[2].data.values).toEqual(ARTICLE);
    expect(ARTICLE.map((p) => [p.year, p.value])).toEqual([
      [1999, 21],
      [2000, 973],
      [2001, 1396],
      [2002, 1311],
      [2003, 646],
    ]);
    // Each drawn point reports its year and value, and sits on one linear y scale.
    const points = [
      ...svg.matchAll(
        /aria-label="Year: (\d+); Victims per year: ([\d,]+)"[^>]*aria-roledescription="point" transform="translate\(([-\d.]+),([-\d.]+)\)"/g,
      ),
    ].map((m) => ({ year: Number(m[1]), value: Number(m[2].replace(/,/g, '')), px: Number(m[3]), py: Number(m[4]) }));
    expect(points.map((p) => ({ year: p.year, value: p.value }))).toEqual(ARTICLE);
    // Rendering tags the spec's data objects (vega_id); the caller's points stay untouched.
    for (const p of ARTICLE) expect(Object.getOwnPropertySymbols(p)).toEqual([]);
    const slope = (points[1].py - points[0].py) / (points[1].value - points[0].value);
    expect(slope).toBeLessThan(0); // larger values higher up
    for (const p of points) expect(p.py - points[0].py).toBeCloseTo(slope * (p.value - points[0].value), 6);
    const xStep = points[1].px - points[0].px;
    for (const [i, p] of points.entries()) expect(p.px - points[0].px).toBeCloseTo(xStep * i, 6);
  });

  it('facets by scenario in input order, baseline first, with the article points in every panel', async () => {
    const t = SCENARIOS.flatMap((s, k) => bands(s, 5000 + 400 * k, 300));
    const a = SCENARIOS.flatMap((s) => bands(s, 600, 100));
    const spec = visibilityGapChart(t, a, ARTICLE);
    const s = await toSvg(spec);
    expect(drawOrder(s, SCENARIOS)).toEqual(SHOWN);
    expect(markItems(s, 'area')).toBe(2 * SCENARIOS.length);
    expect(markItems(s, 'line')).toBe(2 * SCENARIOS.length);
    expect(markItems(s, 'symbol')).toBe(ARTICLE.length * SCENARIOS.length);
    // The published points are not copied per scenario.
    expect(JSON.stringify(spec).match(/"value":1396/g)).toHaveLength(1);
    expect(hasText(s, TABLE1_SOURCE)).toBe(true);
  });

  it('omits the source note without article points, and keeps a missing interval as null', () => {
    const t = bands(BASELINE, 5000, 300);
    t[0].lo = NaN;
    const spec = visibilityGapChart(t, assisted, []);
    const json = JSON.stringify(spec);
    expect(json).not.toContain('Vreja');
    expect(json).toContain('"lo":null');
    expect((spec as { layer: unknown[] }).layer).toHaveLength(2);
  });

  it('matches the golden specs', () => {
    const years = [2001, 2002];
    expectGolden(
      'compare-visibility-gap',
      visibilityGapChart(bands(BASELINE, 5000, 300, years), bands(BASELINE, 600, 100, years), ARTICLE),
    );
    expectGolden(
      'compare-visibility-gap-facet',
      visibilityGapChart(
        [...bands('victims-prong', 4000, 200, years), ...bands(BASELINE, 5000, 300, years)],
        [...bands('victims-prong', 700, 50, years), ...bands(BASELINE, 600, 100, years)],
        ARTICLE,
        { trueLabel: 'Victims recruited', title: 'Visibility gap' },
      ),
    );
  });
});

describe('effectsChart', () => {
  const order = ['victims-prong', 'demand-prong', 'supply-prong'];
  let svg: string;
  beforeAll(async () => {
    svg = await toSvg(effectsChart(EFFECTS));
  });

  it('draws a point and an interval per row and a zero rule per measure', () => {
    expect(markItems(svg, 'symbol')).toBe(EFFECTS.length);
    expect(markItems(svg, 'rule')).toBe(EFFECTS.length + 2);
    expect(hasText(svg, 'Cumulative true victims')).toBe(true);
    expect(hasText(svg, 'Victims assisted')).toBe(true);
    expect(hasText(svg, 'Difference from baseline (victims, 2003-2010)')).toBe(true);
  });

  it('keeps the scenario order of its input, baseline first', async () => {
    expect(topToBottom(svg, order)).toEqual(order);
    const withBase: EffectRow[] = [
      ...EFFECTS.slice(0, 2),
      { scenario: BASELINE, measure: 'Cumulative true victims', diff: 0, lo: 0, hi: 0, unit: 'victims' },
      ...EFFECTS.slice(2),
    ];
    const s = await toSvg(effectsChart(withBase, { window: '2003-2008' }));
    expect(topToBottom(s, [...order, BASELINE])).toEqual([BASELINE, ...order]);
    expect(hasText(s, 'Difference from baseline (victims, 2003-2008)')).toBe(true);
  });

  it('gives each measure its own x scale, with zero in it', async () => {
    const vg = compile(effectsChart(EFFECTS));
    // An independent scale is defined inside the facet cell, a shared one at the top.
    expect(vg.scales?.map((sc) => sc.name)).toEqual(['y']);
    const cell = vg.marks?.find((m) => m.name === 'cell') as { scales?: { name: string; zero?: boolean }[] } | undefined;
    expect(cell?.scales?.map((sc) => [sc.name, sc.zero])).toEqual([['child_x', true]]);
    // Rendered: the first panel reaches -1,000, the second does not.
    const s = await toSvg(effectsChart(EFFECTS));
    expect(s.match(/>−1,000<\/text>/g)).toHaveLength(1);
  });

  it('puts units in the panel headers when measures differ in unit', async () => {
    const rows: EffectRow[] = [
      { scenario: 'a', measure: 'Victims', diff: -5, lo: -9, hi: -1, unit: 'victims' },
      { scenario: 'a', measure: 'Revenue', diff: -2e6, lo: -3e6, hi: -1e6, unit: 'EUR' },
    ];
    const s = await toSvg(effectsChart(rows));
    expect(hasText(s, 'Victims (victims)')).toBe(true);
    expect(hasText(s, 'Revenue (EUR)')).toBe(true);
    expect(hasText(s, 'Difference from baseline (2003-2010)')).toBe(true);
    expect(() => effectsChart([...rows, { ...rows[0], scenario: 'b', unit: 'persons' }])).toThrow(/two units/);
  });

  it('matches the golden spec', () => {
    expectGolden('compare-effects', effectsChart(EFFECTS.filter((r) => r.scenario !== 'demand-prong')));
  });
});

describe('strategySharesChart', () => {
  let svg: string;
  beforeAll(async () => {
    svg = await toSvg(strategySharesChart(shareRows(SCENARIOS, YEARS, true)));
  });

  it('draws a line and a band per strategy in a panel per scenario, baseline first', () => {
    expect(markItems(svg, 'line')).toBe(STRATEGIES.length * SCENARIOS.length);
    expect(markItems(svg, 'area')).toBe(STRATEGIES.length * SCENARIOS.length);
    expect(drawOrder(svg, SCENARIOS)).toEqual(SHOWN);
    for (const s of STRATEGIES) expect(hasText(svg, s)).toBe(true);
    for (const label of ['Share of victims', 'Year', '0%', '100%']) expect(hasText(svg, label), label).toBe(true);
  });

  it('draws no bands without intervals', async () => {
    const s = await toSvg(strategySharesChart(shareRows(['one'], YEARS, false)));
    expect(markItems(s, 'line')).toBe(STRATEGIES.length);
    expect(markItems(s, 'area')).toBe(0);
  });

  it('rejects an unknown strategy', () => {
    const rows = shareRows(['one'], [2003], false);
    (rows[0] as { strategy: string }).strategy = 'clandestine';
    expect(() => strategySharesChart(rows)).toThrow(/unknown strategy 'clandestine'/);
  });

  it('matches the golden spec', () => {
    expectGolden('compare-strategy-shares', strategySharesChart(shareRows([BASELINE], [2003, 2004], true)));
  });
});

describe('destinationsChart', () => {
  let svg: string;
  beforeAll(async () => {
    svg = await toSvg(destinationsChart(regionRows(SCENARIOS, YEARS)));
  });

  it('stacks a region area per scenario panel, baseline first', () => {
    expect(markItems(svg, 'area')).toBe(2 * SCENARIOS.length);
    expect(drawOrder(svg, SCENARIOS)).toEqual(SHOWN);
    for (const label of ['Balkans', 'Western Europe', 'Destination', 'Share of victims', 'Year', '100%']) {
      expect(hasText(svg, label), label).toBe(true);
    }
    expect(JSON.stringify(compile(destinationsChart(regionRows(SCENARIOS, YEARS))))).toContain('"type":"stack"');
  });

  it('rejects an unknown region', () => {
    const rows = regionRows(['one'], [2003]);
    (rows[1] as { region: string }).region = 'Asia';
    expect(() => destinationsChart(rows)).toThrow(/unknown region 'Asia'/);
  });

  it('matches the golden spec', () => {
    expectGolden('compare-destinations', destinationsChart(regionRows([BASELINE, 'demand-prong'], [2003, 2004])));
  });
});

describe('corruptionChart', () => {
  let svg: string;
  beforeAll(async () => {
    svg = await toSvg(corruptionChart(corruptionRows(SCENARIOS, YEARS)));
  });

  it('draws two panels with a line per scenario and units on the axes', () => {
    expect(markItems(svg, 'line')).toBe(2 * SCENARIOS.length);
    for (const label of ['Officials corrupt (share of officials)', 'Bribes paid (EUR per year)', 'Scenario', ...SCENARIOS]) {
      expect(hasText(svg, label), label).toBe(true);
    }
    expect(hasText(svg, '25%')).toBe(true);
  });

  it('colours scenarios in order, baseline first and black, the same in both panels', () => {
    expect(drawOrder(svg, SCENARIOS)).toEqual(SHOWN); // the legend
    for (const [i, s] of SHOWN.entries()) {
      const strokes = colourOf(svg, 'line mark', `Scenario: ${s}`, 'stroke');
      expect(strokes).toHaveLength(2);
      expect(new Set(strokes).size).toBe(1);
      if (i === 0) expect(strokes[0]).toBe(OKABE_ITO[0]);
    }
  });

  it('matches the golden spec', () => {
    expectGolden('compare-corruption', corruptionChart(corruptionRows(['supply-prong', BASELINE], [2003, 2004])));
  });
});

describe('costEffectivenessChart', () => {
  let svg: string;
  beforeAll(async () => {
    svg = await toSvg(costEffectivenessChart(COSTS, { window: '2003-2008' }));
  });

  it('draws a point and an interval per scenario, a zero rule, in input order', () => {
    expect(markItems(svg, 'symbol')).toBe(COSTS.length);
    expect(markItems(svg, 'rule')).toBe(COSTS.length + 1);
    const names = COSTS.map((r) => r.scenario);
    expect(topToBottom(svg, names)).toEqual(names);
    expect(hasText(svg, 'Victims averted per million EUR')).toBe(true);
    expect(hasText(svg, 'Prong')).toBe(true);
    expect(svg).toContain('2003-2008');
  });

  it('colours by prong with a fixed domain, so a prong keeps its colour across reports', async () => {
    const spec = costEffectivenessChart(COSTS);
    expect(JSON.stringify(compile(spec))).toContain(JSON.stringify({ domain: [...PRONGS] }).slice(1, -1));
    for (const r of COSTS) expect(colourOf(svg, 'point', `scenario: ${r.scenario};`, 'fill')).toEqual([PRONG_COLOURS[r.prong]]);
    // Another report with fewer prongs, in another order: same colours.
    const other = await toSvg(
      costEffectivenessChart([
        { scenario: 'demand-only', prong: 'demand', avertedPerMillion: 2, lo: 1, hi: 3 },
        { scenario: 'mix', prong: 'mixed', avertedPerMillion: 4, lo: 2, hi: 6 },
      ]),
    );
    expect(colourOf(other, 'point', 'scenario: demand-only;', 'fill')).toEqual([PRONG_COLOURS.demand]);
    expect(colourOf(other, 'point', 'scenario: mix;', 'fill')).toEqual([PRONG_COLOURS.mixed]);
    expect(new Set(Object.values(PRONG_COLOURS)).size).toBe(PRONGS.length);
    // The legend lists only the prongs shown.
    expect(hasText(other, 'supply')).toBe(false);
    expect(hasText(other, 'demand')).toBe(true);
  });

  it('keeps a scenario without extra spending as an n/a row', async () => {
    const rows: CostRow[] = [...COSTS, { scenario: 'no-adaptation', prong: 'none', avertedPerMillion: NaN, lo: NaN, hi: NaN }];
    const s = await toSvg(costEffectivenessChart(rows));
    expect(markItems(s, 'symbol')).toBe(COSTS.length);
    expect(hasText(s, 'n/a (no extra spending)')).toBe(true);
    expect(hasText(s, 'no-adaptation')).toBe(true);
  });

  it('rejects an unknown prong', () => {
    expect(() => costEffectivenessChart([{ ...COSTS[0], prong: 'prevention' as 'victims' }])).toThrow(/unknown prong 'prevention'/);
  });

  it('matches the golden spec', () => {
    expectGolden('compare-cost-effectiveness', costEffectivenessChart(COSTS.slice(0, 3)));
  });
});
