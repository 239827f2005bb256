/**
 * engine/apps/charts/calibration-charts.ts: the three calibration report charts compile, render marks
 * and labels to SVG and PNG; the marginal histograms bin weights exactly (linear and
 * log space); each builder's spec for a fixed input is pinned in __golden__/ (rewrite
 * with UPDATE_GOLDEN=1).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { expectGolden, escapeXml, markItems } from './helpers.ts';
import { compile, toPng, toSvg } from '../../engine/apps/charts/render.ts';
import {
  binEdges,
  binParticles,
  MARGINAL_BINS,
  marginalsChart,
  morrisChart,
  predictiveChart,
  SOURCE_NOTE,
  type MorrisRow,
  type ParameterInfo,
  type ParticleRow,
  type PredictiveRow,
} from '../../engine/apps/charts/calibration-charts.ts';

function expectPng(png: Uint8Array): void {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.length).toBeGreaterThan(1000);
}

// ---------------------------------------------------------------------------
// Fixtures

function predRow(group: string, label: string, year: number, target: number, median: number): PredictiveRow {
  return {
    group,
    label,
    metric: group,
    country: 'RO',
    year,
    target,
    median,
    lo50: median * 0.8,
    hi50: median * 1.25,
    lo90: median * 0.5,
    hi90: median * 2,
  };
}

const PRED_ROWS: PredictiveRow[] = [
  predRow('table1', 'Victims assisted (SEE)', 2001, 1396, 1200),
  predRow('table1', 'Victims assisted (SEE)', 2002, 1311, 1100),
  predRow('table1', 'Victims assisted (SEE)', 2003, 646, 700),
  predRow('ro_police_offences', 'Police offences (RO)', 2001, 423, 500),
  predRow('ro_police_offences', 'Police offences (RO)', 2002, 665, 800),
  predRow('ro_police_offences', 'Police offences (RO)', 2003, 1829, 1500),
  predRow('ro_arrests', 'Arrests (RO)', 2003, 187, 150),
  predRow('ro_networks_dismantled', 'Networks dismantled (RO)', 2003, 283, 240),
];

const PARAMS: ParameterInfo[] = [
  { name: 'adaptation', distribution: 'uniform', range: [0.01, 0.5] },
  { name: 'choice_sharpness', distribution: 'log_uniform', range: [1, 100] },
];

const MORRIS_ROWS: MorrisRow[] = [
  { parameter: 'adaptation', muStar: 0.8, sigma: 0.5, kept: true },
  { parameter: 'choice_sharpness', muStar: 0.45, sigma: 0.6, kept: true },
  { parameter: 'imitation', muStar: 0.05, sigma: 0.04, kept: false },
  { parameter: 'learning', muStar: 0.1, sigma: 0.15, kept: false },
];

/** Deterministic particles: n per parameter and sample, weights varying. */
function particles(n: number, params: ParameterInfo[]): ParticleRow[] {
  let s = 12345;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const rows: ParticleRow[] = [];
  for (const p of params) {
    const [lo, hi] = p.range;
    const draw = (q: number) =>
      p.distribution === 'log_uniform' ? Math.exp(Math.log(lo) + q * (Math.log(hi) - Math.log(lo))) : lo + q * (hi - lo);
    for (let i = 0; i < n; i++) {
      rows.push({ parameter: p.name, value: draw(u()), weight: 1, which: 'prior' });
      rows.push({ parameter: p.name, value: draw(0.2 + 0.3 * u()), weight: 0.1 + u(), which: 'posterior' });
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------

describe('predictiveChart', () => {
  let svg: string;
  beforeAll(async () => {
    svg = await toSvg(predictiveChart(PRED_ROWS));
  });

  it('compiles to a vega spec', () => {
    const vg = compile(predictiveChart(PRED_ROWS));
    expect(vg.marks?.length).toBeGreaterThan(0);
  });

  it('shows one panel per label, the axis titles and the source note', () => {
    for (const label of new Set(PRED_ROWS.map((r) => r.label))) expect(svg).toContain(`>${escapeXml(label)}</text>`);
    expect(svg).toContain('>Year</text>');
    expect(svg).toContain('>Count per year</text>');
    expect(svg).toContain(`>${escapeXml(SOURCE_NOTE)}</tspan>`); // second subtitle line
    expect(svg).toContain('>Posterior predictive</text>');
    expect(svg).toContain('>Vreja 2005</text>');
  });

  it('draws bands and a line for multi-year groups, bars and ticks for single-year ones', () => {
    // 2 multi-year groups: two areas (90%, 50%) and one median line each.
    expect(markItems(svg, 'area')).toBe(4);
    expect(markItems(svg, 'line')).toBe(2);
    // 2 single-year groups: two interval rules and one median tick each.
    expect(markItems(svg, 'rule')).toBe(4);
    expect(markItems(svg, 'rect')).toBe(2);
    // One point per published figure.
    expect(markItems(svg, 'symbol')).toBe(PRED_ROWS.length); // legend symbols are not role-mark
  });

  it('renders a chart of single-year groups only', async () => {
    const only = PRED_ROWS.filter((r) => r.year === 2003 && r.group.startsWith('ro_'));
    const s = await toSvg(predictiveChart(only, 'Romania, 2003'));
    expect(s).toContain('>Romania, 2003</text>');
    expect(markItems(s, 'rule')).toBe(2 * only.length);
    expect(markItems(s, 'rect')).toBe(only.length);
    expect(markItems(s, 'area')).toBe(0);
    expect(s).toContain('>2003</text>');
  });

  it('renders to PNG', () => {
    expectPng(toPng(svg));
  });

  it('rejects an empty input', () => {
    expect(() => predictiveChart([])).toThrow(/no rows/);
  });

  it('matches the golden spec', () => {
    expectGolden('predictive', predictiveChart(PRED_ROWS));
  });
});

describe('binParticles', () => {
  it('puts hand-placed particles in the expected bins with exact shares', () => {
    const p: ParameterInfo = { name: 'u', distribution: 'uniform', range: [0, 1] };
    const rows: ParticleRow[] = [
      { parameter: 'u', value: 0.01, weight: 1, which: 'prior' }, // bin 0
      { parameter: 'u', value: 0.26, weight: 2, which: 'prior' }, // bin 5 = [0.25, 0.30)
      { parameter: 'u', value: 0.99, weight: 3, which: 'prior' }, // bin 19
      { parameter: 'u', value: 1, weight: 4, which: 'prior' }, // upper edge: last bin
      { parameter: 'u', value: 0.5, weight: 0.25, which: 'posterior' }, // bin 10 = [0.5, 0.55)
      { parameter: 'other', value: 0.5, weight: 9, which: 'prior' }, // not listed: ignored
    ];
    const bins = binParticles(rows, [p]);
    expect(bins).toHaveLength(2 * MARGINAL_BINS);
    const prior = bins.filter((b) => b.which === 'prior');
    const posterior = bins.filter((b) => b.which === 'posterior');
    const expectedPrior = new Array<number>(MARGINAL_BINS).fill(0);
    expectedPrior[0] = 0.1;
    expectedPrior[5] = 0.2;
    expectedPrior[19] = 0.7;
    expect(prior.map((b) => b.density)).toEqual(expectedPrior);
    expect(posterior.map((b) => b.density)).toEqual(posterior.map((b) => (b.bin === 10 ? 1 : 0)));
    expect(prior[5].binStart).toBeCloseTo(0.25, 12);
    expect(prior[5].binEnd).toBeCloseTo(0.3, 12);
    expect(prior[0].binStart).toBe(0);
    expect(prior[19].binEnd).toBe(1);
  });

  it('bins a log-uniform parameter in log space', () => {
    const p: ParameterInfo = { name: 'k', distribution: 'log_uniform', range: [1, 10000] };
    const edges = binEdges(p);
    expect(edges).toHaveLength(MARGINAL_BINS + 1);
    // 20 bins over 4 decades: 0.2 decade each, edges at 10^(0.2 i).
    edges.forEach((e, i) => expect(Math.log10(e)).toBeCloseTo(0.2 * i, 12));
    const rows: ParticleRow[] = [
      { parameter: 'k', value: 10 ** 0.3, weight: 1, which: 'prior' }, // bin 1
      { parameter: 'k', value: 10 ** 1.1, weight: 1, which: 'prior' }, // bin 5 (bin 0 on a linear scale)
      { parameter: 'k', value: 10 ** 3.9, weight: 2, which: 'prior' }, // bin 19
    ];
    const bins = binParticles(rows, [p]);
    expect(bins.filter((b) => b.density > 0).map((b) => [b.bin, b.density])).toEqual([
      [1, 0.25],
      [5, 0.25],
      [19, 0.5],
    ]);
    // No posterior rows: no posterior bins.
    expect(bins.every((b) => b.which === 'prior')).toBe(true);
  });

  it('shares sum to 1 for each parameter and sample', () => {
    const bins = binParticles(particles(3000, PARAMS), PARAMS);
    for (const p of PARAMS) {
      for (const which of ['prior', 'posterior'] as const) {
        const sel = bins.filter((b) => b.parameter === p.name && b.which === which);
        expect(sel).toHaveLength(MARGINAL_BINS);
        expect(sel.reduce((a, b) => a + b.density, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  it('rejects values outside the prior range and negative weights', () => {
    const p: ParameterInfo = { name: 'u', distribution: 'uniform', range: [0, 1] };
    expect(() => binParticles([{ parameter: 'u', value: 1.5, weight: 1, which: 'prior' }], [p])).toThrow(/outside the prior range/);
    expect(() => binParticles([{ parameter: 'u', value: 0.5, weight: -1, which: 'prior' }], [p])).toThrow(/bad weight/);
    expect(() => binEdges({ name: 'k', distribution: 'log_uniform', range: [0, 1] })).toThrow(/bad range/);
  });
});

describe('marginalsChart', () => {
  const rows = particles(2500, PARAMS);
  let spec: TopLevelSpec;
  let svg: string;
  beforeAll(async () => {
    spec = marginalsChart(rows, PARAMS);
    svg = await toSvg(spec);
  });

  it('carries the bins only, not the particles', () => {
    const values = (JSON.stringify(spec).match(/"density":/g) ?? []).length;
    expect(values).toBe(PARAMS.length * 2 * MARGINAL_BINS);
    expect(JSON.stringify(spec)).not.toContain('"weight"');
    expect(JSON.stringify(spec).length).toBeLessThan(20_000);
  });

  it('uses the prior range as x domain, log scale for log-uniform', () => {
    const vg = compile(spec);
    const scales = JSON.stringify(vg);
    expect(scales).toMatch(/"type":"log","domain":\[1,100\]/);
    expect(scales).toMatch(/"type":"linear","domain":\[0\.01,0\.5\]/);
  });

  it('draws one rect per bin and labels each panel', () => {
    expect(markItems(svg, 'rect')).toBe(PARAMS.length * 2 * MARGINAL_BINS);
    expect(svg).toContain('>adaptation</text>');
    expect(svg).toContain('>choice_sharpness (log scale)</text>');
    expect(svg).toContain('>Share of weight</text>');
    expect(svg).toContain('>Prior</text>');
    expect(svg).toContain('>Posterior (weighted)</text>');
  });

  it('renders to PNG', () => {
    expectPng(toPng(svg));
  });

  it('matches the golden spec', () => {
    const small: ParticleRow[] = [
      { parameter: 'adaptation', value: 0.05, weight: 1, which: 'prior' },
      { parameter: 'adaptation', value: 0.3, weight: 1, which: 'prior' },
      { parameter: 'adaptation', value: 0.2, weight: 0.7, which: 'posterior' },
      { parameter: 'adaptation', value: 0.25, weight: 0.3, which: 'posterior' },
      { parameter: 'choice_sharpness', value: 2, weight: 1, which: 'prior' },
      { parameter: 'choice_sharpness', value: 50, weight: 1, which: 'prior' },
      { parameter: 'choice_sharpness', value: 5, weight: 1, which: 'posterior' },
    ];
    expectGolden('marginals', marginalsChart(small, PARAMS));
  });
});

describe('morrisChart', () => {
  let svg: string;
  beforeAll(async () => {
    svg = await toSvg(morrisChart(MORRIS_ROWS, 'Distance to the published figures, 10 trajectories'));
  });

  it('labels each parameter and shows which are calibrated', () => {
    for (const r of MORRIS_ROWS) expect(svg).toContain(`>${r.parameter}</text>`);
    expect(markItems(svg, 'text')).toBe(MORRIS_ROWS.length);
    expect(markItems(svg, 'symbol')).toBe(MORRIS_ROWS.length);
    expect(svg).toContain('>calibrated</text>');
    expect(svg).toContain('>fixed at baseline</text>');
    expect(svg).toContain(`>${escapeXml('mu* (mean |elementary effect| on the distance)')}</text>`);
    expect(svg).toContain('>Distance to the published figures, 10 trajectories</text>');
  });

  it('colours calibrated and fixed parameters differently', () => {
    const fills = [...svg.matchAll(/aria-roledescription="point"[^>]*fill="(#[0-9A-Fa-f]{6})"/g)].map((m) => m[1]);
    expect(fills).toHaveLength(MORRIS_ROWS.length);
    const kept = new Set(fills.filter((_, i) => MORRIS_ROWS[i].kept));
    const fixed = new Set(fills.filter((_, i) => !MORRIS_ROWS[i].kept));
    expect(kept.size).toBe(1);
    expect(fixed.size).toBe(1);
    expect([...kept][0]).not.toBe([...fixed][0]);
  });

  it('renders to PNG', () => {
    expectPng(toPng(svg));
  });

  it('matches the golden spec', () => {
    expectGolden('morris', morrisChart(MORRIS_ROWS, 'Distance to the published figures'));
  });
});
