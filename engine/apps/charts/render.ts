/**
 * Offline rendering of vega-lite charts: vega-lite spec -> vega spec -> SVG -> PNG.
 *
 * Everything runs in-process without a browser or network: data is always inline
 * (`values`), vega renders headless (`renderer: 'none'`) and resvg rasterises the SVG
 * with the machine's fonts (DejaVu Sans on Debian). vega and the native resvg module are
 * loaded inside toSvg / toPng. Note that vega-lite, imported here for the synchronous
 * `compile`, itself imports vega, so loading this module still costs about 0.3 s.
 * `baseConfig` is the shared look of all charts: Okabe–Ito colours (colour-blind safe),
 * readable font sizes, white background.
 */
import { createRequire } from 'node:module';
import { compile as vlCompile, type Config, type TopLevelSpec } from 'vega-lite';
import type { Loader, Spec as VegaSpec } from 'vega';
import type { ResvgRenderOptions, Resvg as ResvgClass } from '@resvg/resvg-js';

/** Okabe–Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies. */
export const OKABE_ITO = ['#000000', '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'] as const;

/** Shared visual constants. Fonts: DejaVu Sans is what Debian ships (fonts-dejavu-core). */
export const THEME = {
  palette: OKABE_ITO,
  /** Neutral grey for reference series (e.g. a prior), outside the categorical palette. */
  grey: '#999999',
  fontFamily: 'DejaVu Sans, Arial, Helvetica, sans-serif',
  /** Family handed to resvg for text whose family is not found. */
  rasterFontFamily: 'DejaVu Sans',
  background: 'white',
  fontSize: { label: 12, title: 13, chartTitle: 16, subtitle: 12 },
} as const;

/** vega-lite config shared by all charts; builders attach a copy as `config`. */
export const baseConfig: Config = {
  background: THEME.background,
  font: THEME.fontFamily,
  padding: 10,
  range: { category: [...OKABE_ITO] },
  axis: {
    labelFontSize: THEME.fontSize.label,
    titleFontSize: THEME.fontSize.title,
    titleFontWeight: 'normal',
    grid: true,
    gridColor: '#e6e6e6',
  },
  legend: {
    labelFontSize: THEME.fontSize.label,
    titleFontSize: THEME.fontSize.title,
    titleFontWeight: 'normal',
  },
  header: {
    labelFontSize: THEME.fontSize.title,
    titleFontSize: THEME.fontSize.title,
  },
  title: {
    fontSize: THEME.fontSize.chartTitle,
    subtitleFontSize: THEME.fontSize.subtitle,
    subtitleColor: '#444444',
    anchor: 'start',
    offset: 12,
  },
  text: { fontSize: 11 },
  view: { stroke: '#cccccc' },
};

/** Compile a vega-lite spec to a vega spec. */
export function compile(spec: TopLevelSpec): VegaSpec {
  return vlCompile(spec).spec;
}

/**
 * A loader that refuses every fetch and notes what was asked for: charts carry their
 * data inline, so any load is a bug. vega only logs a failed load and draws the chart
 * without its data, so toSvg checks the notes and throws.
 */
function offlineLoader(refused: string[]): Loader {
  const refuse = (uri: string): Promise<never> => {
    refused.push(uri);
    return Promise.reject(new Error(`viz/render: offline rendering, refusing to load ${uri}`));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

// Advance widths (in em) of DejaVu Sans and DejaVu Sans Bold for ASCII 32..126, read
// from the hmtx tables of Debian's fonts-dejavu-core. Without a canvas, vega guesses a
// text's width as 0.8 em per character, far wider than DejaVu: layouts then get blank
// margins and labels are cut with an ellipsis. These widths make its layout match what
// resvg draws.
const DEJAVU_SANS =
  '0.318,0.401,0.46,0.838,0.636,0.95,0.78,0.275,0.39,0.39,0.5,0.838,0.318,0.361,0.318,0.337,0.636,0.636,0.636,0.636,0.636,0.636,0.636,0.636,0.636,0.636,0.337,0.337,0.838,0.838,0.838,0.531,1.0,0.684,0.686,0.698,0.77,0.632,0.575,0.775,0.752,0.295,0.295,0.656,0.557,0.863,0.748,0.787,0.603,0.787,0.695,0.635,0.611,0.732,0.684,0.989,0.685,0.611,0.685,0.39,0.337,0.39,0.838,0.5,0.5,0.613,0.635,0.55,0.635,0.615,0.352,0.635,0.634,0.278,0.278,0.579,0.278,0.974,0.634,0.612,0.635,0.635,0.411,0.521,0.392,0.634,0.592,0.818,0.592,0.592,0.525,0.636,0.337,0.636,0.838';
const DEJAVU_SANS_BOLD =
  '0.348,0.456,0.521,0.838,0.696,1.002,0.872,0.306,0.457,0.457,0.523,0.838,0.38,0.415,0.38,0.365,0.696,0.696,0.696,0.696,0.696,0.696,0.696,0.696,0.696,0.696,0.4,0.4,0.838,0.838,0.838,0.58,1.0,0.774,0.762,0.734,0.83,0.683,0.683,0.821,0.837,0.372,0.372,0.775,0.637,0.995,0.837,0.85,0.733,0.85,0.77,0.72,0.682,0.812,0.774,1.103,0.771,0.724,0.725,0.457,0.365,0.457,0.838,0.5,0.5,0.675,0.716,0.593,0.716,0.678,0.435,0.716,0.712,0.343,0.343,0.665,0.343,1.042,0.712,0.687,0.716,0.716,0.493,0.595,0.478,0.712,0.652,0.924,0.645,0.652,0.582,0.712,0.365,0.712,0.838';
const ADVANCE = {
  normal: { ascii: DEJAVU_SANS.split(',').map(Number), other: 0.6 },
  bold: { ascii: DEJAVU_SANS_BOLD.split(',').map(Number), other: 0.66 },
};

/** The fields of a vega text item that its width depends on. */
interface TextItemLike {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

/** Width in pixels of `text` in DejaVu Sans at the item's size and weight. */
export function textWidth(item: TextItemLike, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const w = item.fontWeight;
  const bold = w === 'bold' || w === 'bolder' || Number(w) >= 600;
  const table = bold ? ADVANCE.bold : ADVANCE.normal;
  const s = text == null ? '' : String(text).trim();
  let em = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    em += c >= 32 && c <= 126 ? table.ascii[c - 32] : table.other;
  }
  const width = em * size;
  // vega applies `limit` (truncation) through this same function: report at most the
  // limit for a text that will be cut, as vega's own estimate of the cut text would.
  return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
}

interface VegaTextMetrics {
  width: (item: TextItemLike, text: unknown) => number;
}
let metricsInstalled = false;

/** Render a vega-lite spec to an SVG string (headless, offline). */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const vgSpec = compile(spec);
  const vega = await import('vega');
  if (!metricsInstalled) {
    // textMetrics is exported by vega (from vega-scenegraph) but missing from its typings.
    const tm = (vega as unknown as { textMetrics?: VegaTextMetrics }).textMetrics;
    if (!tm) throw new Error('viz/render: vega.textMetrics not found');
    tm.width = textWidth;
    metricsInstalled = true;
  }
  const refused: string[] = [];
  const view = new vega.View(vega.parse(vgSpec), {
    renderer: 'none',
    loader: offlineLoader(refused),
    logLevel: vega.Error,
  });
  try {
    const svg = await view.toSVG();
    if (refused.length > 0) {
      throw new Error(`viz/render: charts must carry inline data; refused to load ${refused.join(', ')}`);
    }
    return svg;
  } finally {
    view.finalize();
  }
}

const require = createRequire(import.meta.url);
let resvgCtor: typeof ResvgClass | undefined;

/** resvg options used by toPng: zoom by `scale`, system fonts, DejaVu Sans as fallback. */
export function resvgOptions(scale = 2): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: THEME.background,
    font: {
      loadSystemFonts: true,
      defaultFontFamily: THEME.rasterFontFamily,
      sansSerifFamily: THEME.rasterFontFamily,
    },
    logLevel: 'off',
  };
}

/** Rasterise an SVG string to PNG bytes at `scale` times its size. */
export function toPng(svg: string, scale = 2): Uint8Array {
  // resvg is a native CommonJS module; require() keeps toPng synchronous and still lazy.
  resvgCtor ??= (require('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg;
  const png = new resvgCtor(svg, resvgOptions(scale)).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
