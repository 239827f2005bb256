/**
 * vega-lite spec builders for the calibration report.
 *
 * Each builder is a pure function from plain rows to a `TopLevelSpec` with inline
 * data and the shared `baseConfig` (engine/apps/charts/render.ts): the posterior predictive check
 * against the article's figures, the prior and posterior marginals of the
 * calibrated parameters (binned here, so a spec carries only the bins), and the Morris
 * screening scatter. Render with `toSvg` / `toPng` from engine/apps/charts/render.ts.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import { baseConfig, OKABE_ITO, THEME } from './render.ts';

/** Note on every chart that shows the article's figures. */
export const SOURCE_NOTE = 'Source: Vreja 2005, Connections (figures as listed in calibration/targets.yaml)';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const BLUE = OKABE_ITO[5];
const VERMILLION = OKABE_ITO[6];

function config(): Config {
  return structuredClone(baseConfig);
}

// ---------------------------------------------------------------------------
// Posterior predictive check

export interface PredictiveRow {
  group: string;
  label: string;
  metric: string;
  country: string;
  year: number;
  target: number;
  median: number;
  lo50: number;
  hi50: number;
  lo90: number;
  hi90: number;
}

const SIMULATED = 'Posterior predictive';
const TARGET = 'Vreja 2005';

/**
 * Simulated counts (median, 50% and 90% intervals) against the article's figures,
 * one panel per target group (`label`), three panels a row, each with its own y scale.
 * Groups with several years show bands and a line; groups with one year show the
 * intervals as a thin (90%) and a thick (50%) bar with a tick at the median.
 */
export function predictiveChart(rows: PredictiveRow[], title?: string): TopLevelSpec {
  if (rows.length === 0) throw new Error('predictiveChart: no rows');
  const yearsByLabel = new Map<string, Set<number>>();
  for (const r of rows) {
    let years = yearsByLabel.get(r.label);
    if (!years) yearsByLabel.set(r.label, (years = new Set()));
    years.add(r.year);
  }
  const values = rows.map((r) => ({ ...r, nYears: yearsByLabel.get(r.label)!.size }));
  const years = rows.map((r) => r.year);
  const x = {
    field: 'year',
    type: 'quantitative',
    title: 'Year',
    scale: { domain: [Math.min(...years) - 0.5, Math.max(...years) + 0.5] as number[], nice: false, zero: false },
    axis: { format: 'd', tickMinStep: 1 },
  } as const;
  const y = (field: string) => ({ field, type: 'quantitative', title: 'Count per year', scale: { zero: true } }) as const;
  const color = (datum: string) => ({ datum, scale: { domain: [SIMULATED, TARGET], range: [BLUE, VERMILLION] }, title: null }) as const;
  const multi = { filter: 'datum.nYears > 1' };
  const single = { filter: 'datum.nYears == 1' };

  return {
    $schema: SCHEMA,
    title: {
      text: title ?? "Posterior predictive check against the article's figures",
      subtitle: [
        'Simulated counts: median (line or tick), 50% (dark) and 90% (light) intervals; points: the published figures',
        SOURCE_NOTE,
      ],
    },
    data: { values },
    facet: {
      field: 'label',
      type: 'nominal',
      title: null,
      sort: [...yearsByLabel.keys()],
    },
    columns: 3,
    spec: {
      width: 220,
      height: 150,
      layer: [
        {
          transform: [multi],
          mark: { type: 'area', opacity: 0.2 },
          encoding: { x, y: y('lo90'), y2: { field: 'hi90' }, color: color(SIMULATED) },
        },
        {
          transform: [multi],
          mark: { type: 'area', opacity: 0.4 },
          encoding: { x, y: y('lo50'), y2: { field: 'hi50' }, color: color(SIMULATED) },
        },
        {
          transform: [multi],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y: y('median'), color: color(SIMULATED) },
        },
        {
          transform: [single],
          mark: { type: 'rule', strokeWidth: 3, opacity: 0.35 },
          encoding: { x, y: y('lo90'), y2: { field: 'hi90' }, color: color(SIMULATED) },
        },
        {
          transform: [single],
          mark: { type: 'rule', strokeWidth: 10, opacity: 0.5 },
          encoding: { x, y: y('lo50'), y2: { field: 'hi50' }, color: color(SIMULATED) },
        },
        {
          transform: [single],
          mark: { type: 'tick', orient: 'horizontal', thickness: 2, size: 20 },
          encoding: { x, y: y('median'), color: color(SIMULATED) },
        },
        {
          mark: { type: 'point', shape: 'diamond', filled: true, size: 80, opacity: 1 },
          encoding: { x, y: y('target'), color: color(TARGET) },
        },
      ],
    },
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
    config: { ...config(), legend: { ...baseConfig.legend, orient: 'bottom', symbolOpacity: 1 } },
  };
}

// ---------------------------------------------------------------------------
// Prior and posterior marginals

export interface ParticleRow {
  parameter: string;
  value: number;
  weight: number;
  which: 'prior' | 'posterior';
}

export interface ParameterInfo {
  name: string;
  distribution: 'uniform' | 'log_uniform';
  range: [number, number];
}

/** One histogram bin of one parameter's prior or posterior sample. */
export interface MarginalBin {
  parameter: string;
  which: 'prior' | 'posterior';
  /** Bin index, 0 .. MARGINAL_BINS - 1. */
  bin: number;
  binStart: number;
  binEnd: number;
  /** Sum of the weights in the bin over the sample's total weight (sums to 1 over bins). */
  density: number;
}

export const MARGINAL_BINS = 20;
const WHICH = ['prior', 'posterior'] as const;

/** Bin edges over the prior range: equal in value, or equal in log(value) for log_uniform. */
export function binEdges(p: ParameterInfo, bins = MARGINAL_BINS): number[] {
  const [lo, hi] = p.range;
  const log = p.distribution === 'log_uniform';
  if (!(hi > lo) || (log && !(lo > 0))) {
    throw new RangeError(`binEdges: bad range [${lo}, ${hi}] for ${p.distribution} parameter ${p.name}`);
  }
  const tlo = log ? Math.log(lo) : lo;
  const thi = log ? Math.log(hi) : hi;
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) {
    const t = tlo + ((thi - tlo) * i) / bins;
    edges.push(i === 0 ? lo : i === bins ? hi : log ? Math.exp(t) : t);
  }
  return edges;
}

/**
 * Weighted histograms of each parameter's prior and posterior particles: MARGINAL_BINS
 * bins over the prior range (log-spaced for log_uniform), in `parameters` order, prior
 * first. A sample with no rows (or zero total weight) gives no bins. A value outside the
 * prior range (beyond rounding) or a negative weight is an error, not silently dropped.
 * Rows of parameters not listed are ignored.
 */
export function binParticles(rows: ParticleRow[], parameters: ParameterInfo[]): MarginalBin[] {
  const byKey = new Map<string, ParticleRow[]>();
  for (const r of rows) {
    const key = `${r.which}\u0000${r.parameter}`;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(r);
  }
  const out: MarginalBin[] = [];
  for (const p of parameters) {
    const edges = binEdges(p);
    const log = p.distribution === 'log_uniform';
    const [lo, hi] = p.range;
    const tlo = log ? Math.log(lo) : lo;
    const thi = log ? Math.log(hi) : hi;
    const tol = 1e-9 * (thi - tlo);
    for (const which of WHICH) {
      const sample = byKey.get(`${which}\u0000${p.name}`) ?? [];
      const sums = new Array<number>(MARGINAL_BINS).fill(0);
      let total = 0;
      for (const r of sample) {
        if (!(r.weight >= 0) || !Number.isFinite(r.weight)) {
          throw new RangeError(`binParticles: bad weight ${r.weight} for ${p.name} (${which})`);
        }
        const t = log ? Math.log(r.value) : r.value;
        if (!(t >= tlo - tol && t <= thi + tol)) {
          throw new RangeError(`binParticles: ${p.name} = ${r.value} (${which}) is outside the prior range [${lo}, ${hi}]`);
        }
        const i = Math.min(MARGINAL_BINS - 1, Math.max(0, Math.floor(((t - tlo) / (thi - tlo)) * MARGINAL_BINS)));
        sums[i] += r.weight;
        total += r.weight;
      }
      if (total === 0) continue;
      for (let i = 0; i < MARGINAL_BINS; i++) {
        out.push({
          parameter: p.name,
          which,
          bin: i,
          binStart: edges[i],
          binEnd: edges[i + 1],
          density: sums[i] / total,
        });
      }
    }
  }
  return out;
}

/**
 * One small panel per parameter: the weighted histogram of the prior particles (grey)
 * and of the posterior particles (blue), overlaid, over the prior range (log x axis for
 * log-uniform priors). The spec carries the bins only, never the particles.
 */
export function marginalsChart(rows: ParticleRow[], parameters: ParameterInfo[]): TopLevelSpec {
  if (parameters.length === 0) throw new Error('marginalsChart: no parameters');
  const bins = binParticles(rows, parameters);
  return {
    $schema: SCHEMA,
    title: {
      text: 'Prior and posterior marginals of the calibrated parameters',
      subtitle: [
        `Weighted histograms, ${MARGINAL_BINS} bins over each prior range (log-spaced for log-uniform priors)`,
        'Bar height: share of the particle weight in the bin',
      ],
    },
    concat: parameters.map((p) => {
      const log = p.distribution === 'log_uniform';
      return {
        width: 200,
        height: 120,
        data: { values: bins.filter((b) => b.parameter === p.name) },
        mark: { type: 'rect', opacity: 0.55 },
        encoding: {
          x: {
            field: 'binStart',
            type: 'quantitative',
            title: log ? `${p.name} (log scale)` : p.name,
            scale: log
              ? { type: 'log', domain: [...p.range], nice: false }
              : { type: 'linear', domain: [...p.range], nice: false, zero: false },
            axis: { tickCount: 5 },
          },
          x2: { field: 'binEnd' },
          y: { field: 'density', type: 'quantitative', title: 'Share of weight', scale: { zero: true } },
          y2: { datum: 0 },
          color: {
            field: 'which',
            type: 'nominal',
            title: 'Particles',
            scale: { domain: [...WHICH], range: [THEME.grey, BLUE] },
            legend: { labelExpr: "datum.label == 'prior' ? 'Prior' : 'Posterior (weighted)'" },
          },
        },
      };
    }),
    columns: 3,
    config: config(),
  };
}

// ---------------------------------------------------------------------------
// Morris screening

export interface MorrisRow {
  parameter: string;
  muStar: number;
  sigma: number;
  kept: boolean;
}

const CALIBRATED = 'calibrated';
const FIXED = 'fixed at baseline';

/**
 * Morris screening scatter: mu* against sigma of the elementary effects on the
 * calibration distance, one labelled point per parameter, coloured and shaped by
 * whether the parameter is calibrated or fixed at its baseline value.
 */
export function morrisChart(rows: MorrisRow[], subtitle?: string): TopLevelSpec {
  const values = rows.map((r) => ({ ...r, status: r.kept ? CALIBRATED : FIXED }));
  const x = {
    field: 'muStar',
    type: 'quantitative',
    title: 'mu* (mean |elementary effect| on the distance)',
    scale: { zero: true },
  } as const;
  const y = {
    field: 'sigma',
    type: 'quantitative',
    title: 'sigma (std. dev. of elementary effects on the distance)',
    scale: { zero: true },
  } as const;
  return {
    $schema: SCHEMA,
    title: {
      text: 'Morris screening: which parameters move the calibration distance',
      ...(subtitle ? { subtitle } : {}),
    },
    width: 480,
    height: 340,
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 90, opacity: 0.9 },
        encoding: {
          x,
          y,
          color: {
            field: 'status',
            type: 'nominal',
            title: 'Parameter',
            scale: { domain: [CALIBRATED, FIXED], range: [VERMILLION, THEME.grey] },
          },
          shape: {
            field: 'status',
            type: 'nominal',
            title: 'Parameter',
            scale: { domain: [CALIBRATED, FIXED], range: ['circle', 'square'] },
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 7, fontSize: 11, color: '#222222' },
        encoding: { x, y, text: { field: 'parameter', type: 'nominal' } },
      },
    ],
    config: config(),
  };
}
