/**
 * vega-lite spec builders for the calibration's diagnostics (engine/apps/calibration/diagnostics.ts):
 * the rank histograms of simulation-based calibration (engine/apps/calibration/sbc.ts) and the
 * confusion matrix of ABC model choice (engine/apps/calibration/model-choice.ts). Pure functions
 * from plain rows to a `TopLevelSpec` with inline data and the shared `baseConfig`,
 * as engine/apps/charts/calibration-charts.ts; render with `toSvg` / `toPng` from engine/apps/charts/render.ts.
 */
import type { TopLevelSpec } from 'vega-lite';
import { baseConfig, OKABE_ITO, THEME } from './render.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const BLUE = OKABE_ITO[5];

// ---------------------------------------------------------------------------
// Simulation-based calibration: rank histograms

/** One bin of one parameter's rank histogram (engine/apps/calibration/sbc.ts makes them). */
export interface RankBin {
  parameter: string;
  bin: number;
  /** Ranks binStart ≤ rank < binEnd. */
  binStart: number;
  binEnd: number;
  count: number;
  /** Count of a bin when ranks are uniform, and its central 99% (Binomial(truths, 1 / bins), as Talts et al. draw it). */
  expected: number;
  lo99: number;
  hi99: number;
}

/**
 * One panel per parameter: the histogram of the truths' ranks among the posterior
 * draws (bars), the count expected of a bin when the posterior is calibrated (line)
 * and the central 99% of that count (grey band), as Talts et al. (2018) draw them.
 * Parameters in the order of their first row.
 */
export function sbcRankChart(rows: RankBin[], o: { truths: number; draws: number; title?: string; subtitle?: string }): TopLevelSpec {
  if (rows.length === 0) throw new Error('sbcRankChart: no rows');
  const parameters = [...new Set(rows.map((r) => r.parameter))];
  const x = {
    field: 'binStart',
    type: 'quantitative',
    title: `Rank of the truth among ${o.draws} posterior draws`,
    scale: { domain: [0, o.draws + 1] as number[], nice: false, zero: true },
  } as const;
  const yMax = Math.max(...rows.map((r) => Math.max(r.count, r.hi99)));
  const y = { type: 'quantitative', title: 'Truths', scale: { domain: [0, yMax + 0.5] as number[], nice: false } } as const;
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? 'Simulation-based calibration: ranks of the truths in their posteriors',
      subtitle: [
        o.subtitle ?? `${o.truths} truths drawn from the prior, each calibrated on figures simulated from it`,
        'Bars: truths per rank bin; line: expected if the posterior is calibrated; grey: its central 99% (binomial)',
      ],
    },
    data: { values: rows },
    facet: { field: 'parameter', type: 'nominal', title: null, sort: parameters },
    columns: 3,
    spec: {
      width: 200,
      height: 110,
      layer: [
        {
          mark: { type: 'rect', color: THEME.grey, opacity: 0.3 },
          encoding: { x, x2: { field: 'binEnd' }, y: { ...y, field: 'lo99' }, y2: { field: 'hi99' } },
        },
        {
          mark: { type: 'rect', color: BLUE, opacity: 0.85, stroke: 'white', strokeWidth: 1 },
          encoding: { x, x2: { field: 'binEnd' }, y: { ...y, field: 'count' }, y2: { datum: 0 } },
        },
        {
          mark: { type: 'rule', color: '#222222', strokeDash: [4, 3] },
          encoding: { y: { ...y, aggregate: 'mean', field: 'expected' } },
        },
      ],
    },
    resolve: { axis: { x: 'independent' } },
    config: structuredClone(baseConfig),
  };
}

// ---------------------------------------------------------------------------
// ABC model choice: confusion matrices

/** One cell of a confusion matrix: pseudo-observed data sets of model `truth` for which `chosen` was chosen. */
export interface ConfusionCell {
  /** The panel (e.g. the share of the reference table that votes). */
  panel: string;
  truth: string;
  chosen: string;
  count: number;
  /** count over the data sets of model `truth`. */
  share: number;
}

/**
 * One confusion matrix per panel: rows the model that simulated the data, columns
 * the model chosen, each cell shaded by its share of its row and labelled with the
 * count and the share. A diagonal near 100% means the figures tell the models
 * apart; near 50% (two models), that they do not.
 */
export function confusionChart(
  cells: ConfusionCell[],
  o: { models: string[]; title?: string; subtitle?: string | string[] },
): TopLevelSpec {
  if (cells.length === 0) throw new Error('confusionChart: no cells');
  const panels = [...new Set(cells.map((c) => c.panel))];
  const values = cells.map((c) => ({ ...c, label: `${c.count} (${Math.round(c.share * 100)}%)` }));
  const x = { field: 'chosen', type: 'nominal', title: 'Model chosen', sort: o.models, axis: { labelAngle: 0, grid: false } } as const;
  const y = { field: 'truth', type: 'nominal', title: 'Model that simulated the data', sort: o.models, axis: { grid: false } } as const;
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? 'ABC model choice: which model the data name',
      ...(o.subtitle ? { subtitle: o.subtitle } : {}),
    },
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels },
    columns: 3,
    spec: {
      width: 70 * o.models.length + 60,
      height: 45 * o.models.length,
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
          encoding: {
            x,
            y,
            color: { field: 'share', type: 'quantitative', title: 'Share of row', scale: { domain: [0, 1], scheme: 'blues' } },
          },
        },
        {
          mark: { type: 'text', fontSize: 12 },
          encoding: {
            x,
            y,
            text: { field: 'label', type: 'nominal' },
            color: { condition: { test: 'datum.share > 0.55', value: 'white' }, value: '#222222' },
          },
        },
      ],
    },
    config: structuredClone(baseConfig),
  };
}
