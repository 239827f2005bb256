/**
 * vega-lite spec builders for the policy comparison report (`tipsim compare`).
 *
 * Six charts, each a pure function from plain rows to a `TopLevelSpec` with inline data
 * and the shared `baseConfig` (engine/apps/charts/render.ts):
 *   1. visibilityGapChart: true victims against victims assisted, with the article's
 *      Table 1 totals;
 *   2. effectsChart: each scenario's paired difference from the baseline;
 *   3. strategySharesChart: shares of new victims by network strategy;
 *   4. destinationsChart: shares of new victims by destination region;
 *   5. corruptionChart: officials taking bribes and bribes paid;
 *   6. costEffectivenessChart: victims averted per million EUR spent, by prong;
 * and two more under uncertainty (`tipsim compare --uncertainty`):
 *   7. rankogramChart: the probability of each option being 1st, 2nd, … most
 *      cost-effective;
 *   8. varianceSourcesChart: the share of the variance of each scenario's difference
 *      from the baseline by source (calibration, levers, their interaction, chance).
 *
 * Scenarios keep the order in which the input first names them, with `baseline` moved
 * first when present (facets, axes and colour domains all use that order). Strategy,
 * region and prong colours have fixed domains, so a category keeps its colour across
 * reports. A non-finite number (e.g. an interval from a single replicate) becomes
 * `null`: no mark there. Render with `toSvg` / `toPng` from engine/apps/charts/render.ts.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import { baseConfig, OKABE_ITO, THEME } from './render.ts';

/** Note on every chart that shows the article's figures. */
export const TABLE1_SOURCE = 'Source: Vreja 2005, Connections, Table 1';

/** The scenario every difference is taken against; drawn first when present. */
export const BASELINE = 'baseline';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const [BLACK, ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE] = OKABE_ITO;

/** Scenario colours: Okabe–Ito with yellow (hard to see as a line on white) last. */
const SCENARIO_COLOURS = [BLACK, ORANGE, SKY_BLUE, GREEN, BLUE, VERMILLION, PURPLE, YELLOW];

// ---------------------------------------------------------------------------
// Shared pieces

export interface BandPoint {
  scenario: string;
  year: number;
  mean: number;
  /** 90% interval across replicates. */
  lo: number;
  hi: number;
}

export interface ArticlePoint {
  year: number;
  value: number;
}

/** Table 1 of Vreja 2005: victims assisted in South Eastern Europe, 1999-2003. */
export const TABLE1_TOTALS: readonly ArticlePoint[] = [
  { year: 1999, value: 21 },
  { year: 2000, value: 973 },
  { year: 2001, value: 1396 },
  { year: 2002, value: 1311 },
  { year: 2003, value: 646 },
];

/** Scenario names in the order first seen, `baseline` moved first when present. */
export function scenarioOrder(names: Iterable<string>): string[] {
  const order = [...new Set(names)];
  const i = order.indexOf(BASELINE);
  if (i > 0) {
    order.splice(i, 1);
    order.unshift(BASELINE);
  }
  return order;
}

/** A finite number as is, anything else as null (JSON has no NaN or Infinity). */
function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function nonEmpty(name: string, what: string, rows: readonly unknown[]): void {
  if (rows.length === 0) throw new Error(`${name}: no ${what} (empty input)`);
}

/** Throws when a row's category is outside a fixed domain (it would be drawn in no colour). */
function checkDomain(name: string, what: string, domain: readonly string[], values: Iterable<string>): void {
  for (const v of values) {
    if (!domain.includes(v)) throw new Error(`${name}: unknown ${what} '${v}' (expected one of ${domain.join(', ')})`);
  }
}

function config(legendOrient?: 'bottom' | 'right'): Config {
  const c = structuredClone(baseConfig);
  // Full-opacity legend symbols (areas are drawn translucent) and uncut labels.
  c.legend = { ...c.legend, symbolOpacity: 1, labelLimit: 400, ...(legendOrient ? { orient: legendOrient } : {}) };
  return c;
}

function yearAxis() {
  return {
    field: 'year',
    type: 'quantitative',
    title: 'Year',
    scale: { zero: false, nice: false },
    axis: { format: 'd', tickMinStep: 1 },
  } as const;
}

function scenarioColour(order: string[]) {
  return {
    field: 'scenario',
    type: 'nominal',
    title: 'Scenario',
    scale: { domain: order, range: order.map((_, i) => SCENARIO_COLOURS[i % SCENARIO_COLOURS.length]) },
  } as const;
}

/** A dashed vertical rule at x = 0, drawn once (once per panel in a facet). */
function zeroRule() {
  return {
    data: { values: [{}] as object[] },
    mark: { type: 'rule', color: THEME.grey, strokeDash: [4, 3] as number[] },
    encoding: { x: { datum: 0 } },
  } as const;
}

/** Wrapped facet by scenario in the given order, up to three panels a row. */
function scenarioFacet(order: string[]) {
  return {
    facet: { field: 'scenario', type: 'nominal', title: null, sort: order },
    columns: Math.min(3, order.length),
  } as const;
}

// ---------------------------------------------------------------------------
// 1. The visibility gap

const ASSISTED = 'Victims assisted (simulated)';
const ARTICLE = 'Victims assisted in SEE (Vreja 2005)';

/**
 * True victims against victims assisted over time: mean lines with 90% bands across
 * replicates, and the article's Table 1 totals as diamonds. One panel, or one per
 * scenario when the series hold several (the article's points in each).
 * `trueLabel` names the true series (e.g. victims in exploitation, a stock, or victims
 * recruited, a flow).
 */
export function visibilityGapChart(
  trueSeries: BandPoint[],
  assisted: BandPoint[],
  article: ArticlePoint[],
  o: { trueLabel?: string; title?: string } = {},
): TopLevelSpec {
  nonEmpty('visibilityGapChart', 'true-victim rows', trueSeries);
  nonEmpty('visibilityGapChart', 'victims-assisted rows', assisted);
  const trueLabel = o.trueLabel ?? 'True victims (simulated)';
  if (trueLabel === ASSISTED || trueLabel === ARTICLE) {
    throw new Error(`visibilityGapChart: trueLabel '${trueLabel}' is taken by another series`);
  }
  const order = scenarioOrder([...trueSeries, ...assisted].map((r) => r.scenario));
  const band = (series: string) => (r: BandPoint) => ({
    scenario: r.scenario,
    series,
    year: r.year,
    mean: num(r.mean),
    lo: num(r.lo),
    hi: num(r.hi),
  });
  const values = [...trueSeries.map(band(trueLabel)), ...assisted.map(band(ASSISTED))];
  // Pad the years by half a year so the published points do not sit on the axes.
  const years = [...values, ...article].map((r) => r.year);
  const x = {
    ...yearAxis(),
    scale: { domain: [Math.min(...years) - 0.5, Math.max(...years) + 0.5] as number[], zero: false, nice: false },
  } as const;
  const y = (field: string) => ({ field, type: 'quantitative', title: 'Victims per year', scale: { zero: true } }) as const;
  const shown = article.length > 0;
  const colourScale = shown
    ? { domain: [trueLabel, ASSISTED, ARTICLE], range: [VERMILLION, BLUE, BLACK] }
    : { domain: [trueLabel, ASSISTED], range: [VERMILLION, BLUE] };
  const colour = { field: 'series', type: 'nominal', title: null, scale: colourScale } as const;
  // The series come from the chart's (or the facet's) data; the published points carry
  // their own, exactly as given, and so appear once in every panel.
  const layer = [
    {
      mark: { type: 'area', opacity: 0.2 },
      encoding: { x, y: y('lo'), y2: { field: 'hi' }, color: colour },
    } as const,
    {
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y: y('mean'), color: colour },
    } as const,
    ...(shown
      ? [
          {
            // Copies: vega tags the data objects it renders, and the caller's stay untouched.
            data: { values: article.map((p) => ({ year: p.year, value: p.value })) },
            mark: { type: 'point', shape: 'diamond', filled: true, size: 90, opacity: 1 },
            encoding: { x, y: y('value'), color: { datum: ARTICLE, scale: colourScale, title: null } },
          } as const,
        ]
      : []),
  ];
  const title = {
    text: o.title ?? 'The visibility gap: true victims against victims assisted',
    subtitle: [
      (order.length === 1 ? `Scenario ${order[0]}. ` : '') +
        'Lines: mean over replicates; bands: 90% interval across replicates' +
        (shown ? '; diamonds: the published totals' : ''),
      ...(shown ? [TABLE1_SOURCE] : []),
    ],
  };
  if (order.length === 1) {
    return { $schema: SCHEMA, title, data: { values }, width: 480, height: 260, layer, config: config('bottom') };
  }
  return {
    $schema: SCHEMA,
    title,
    data: { values },
    ...scenarioFacet(order),
    spec: { width: 260, height: 180, layer },
    config: config('bottom'),
  };
}

// ---------------------------------------------------------------------------
// 2. Effects against the baseline

export interface EffectRow {
  scenario: string;
  measure: string;
  /** Paired difference from the baseline (common random numbers). */
  diff: number;
  /** 90% interval of the difference. */
  lo: number;
  hi: number;
  unit: string;
}

/**
 * Each scenario's paired difference from the baseline with its 90% interval: one row per
 * scenario (input order, baseline first), a column per measure with its own x scale, a
 * zero rule. The unit goes into the x title when all measures share it, else into the
 * panel headers.
 */
export function effectsChart(rows: EffectRow[], o: { window?: string; title?: string } = {}): TopLevelSpec {
  nonEmpty('effectsChart', 'rows', rows);
  const window = o.window ?? '2003-2010';
  const units = new Map<string, string>();
  for (const r of rows) {
    const u = units.get(r.measure);
    if (u === undefined) units.set(r.measure, r.unit);
    else if (u !== r.unit) throw new Error(`effectsChart: measure '${r.measure}' has two units, '${u}' and '${r.unit}'`);
  }
  const unitSet = new Set(units.values());
  const oneUnit = unitSet.size === 1 ? [...unitSet][0] : undefined;
  const panel = (m: string) => (oneUnit !== undefined ? m : `${m} (${units.get(m)})`);
  const order = scenarioOrder(rows.map((r) => r.scenario));
  const values = rows.map((r) => ({
    scenario: r.scenario,
    panel: panel(r.measure),
    diff: num(r.diff),
    lo: num(r.lo),
    hi: num(r.hi),
  }));
  const x = (field: string) =>
    ({
      field,
      type: 'quantitative',
      title: oneUnit !== undefined ? `Difference from baseline (${oneUnit}, ${window})` : `Difference from baseline (${window})`,
      scale: { zero: true },
    }) as const;
  const y = { field: 'scenario', type: 'nominal', title: null, sort: order } as const;
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? "Each scenario's effect against the baseline",
      subtitle: `Paired difference from the baseline (common random numbers), ${window}: mean (point) and 90% interval (line)`,
    },
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: [...units.keys()].map(panel) } },
    spec: {
      width: 240,
      height: { step: 24 },
      layer: [
        zeroRule(),
        {
          mark: { type: 'rule', strokeWidth: 2, color: BLUE },
          encoding: { x: x('lo'), x2: { field: 'hi' }, y },
        },
        {
          mark: { type: 'point', filled: true, size: 70, opacity: 1, color: BLUE },
          encoding: { x: x('diff'), y },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: config(),
  };
}

// ---------------------------------------------------------------------------
// 3. Strategy shares

export const STRATEGIES = ['legal travel', 'private venue', 'soft control'] as const;
export type Strategy = (typeof STRATEGIES)[number];
const STRATEGY_COLOURS = [ORANGE, BLUE, GREEN];

export interface ShareRow {
  scenario: string;
  year: number;
  strategy: Strategy;
  share: number;
  lo?: number;
  hi?: number;
}

/**
 * Shares of new victims by network strategy over time (a line per strategy, a 90% band
 * when rows carry lo and hi), a panel per scenario. The strategies overlap: a victim
 * moved legally can also be held by soft control, so shares need not sum to 1.
 */
export function strategySharesChart(rows: ShareRow[], o: { title?: string } = {}): TopLevelSpec {
  nonEmpty('strategySharesChart', 'rows', rows);
  checkDomain(
    'strategySharesChart',
    'strategy',
    STRATEGIES,
    rows.map((r) => r.strategy),
  );
  const order = scenarioOrder(rows.map((r) => r.scenario));
  const bands = rows.some((r) => r.lo !== undefined && r.hi !== undefined);
  const values = rows.map((r) => ({
    scenario: r.scenario,
    year: r.year,
    strategy: r.strategy,
    share: num(r.share),
    ...(bands ? { lo: r.lo === undefined ? null : num(r.lo), hi: r.hi === undefined ? null : num(r.hi) } : {}),
  }));
  const x = yearAxis();
  const y = (field: string) =>
    ({
      field,
      type: 'quantitative',
      title: 'Share of victims',
      scale: { domain: [0, 1] as number[] },
      axis: { format: '%' },
    }) as const;
  const colour = {
    field: 'strategy',
    type: 'nominal',
    title: 'Strategy',
    scale: { domain: [...STRATEGIES], range: STRATEGY_COLOURS },
  } as const;
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? 'How networks move and hold victims: shares of new victims by strategy',
      subtitle: [
        "Share of the year's new victims moved legally (visa or visa-free), exploited in private venues, or held by soft control",
        `(a victim can count in several); lines: mean over replicates${bands ? ', bands: 90% interval' : ''}`,
      ],
    },
    data: { values },
    ...scenarioFacet(order),
    spec: {
      width: 220,
      height: 150,
      layer: [
        ...(bands
          ? [
              {
                mark: { type: 'area', opacity: 0.2 },
                encoding: { x, y: y('lo'), y2: { field: 'hi' }, color: colour },
              } as const,
            ]
          : []),
        { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: y('share'), color: colour } },
      ],
    },
    config: config('bottom'),
  };
}

// ---------------------------------------------------------------------------
// 4. Destinations

export const REGIONS = ['Balkans', 'Western Europe'] as const;
export type Region = (typeof REGIONS)[number];
const REGION_COLOURS = [ORANGE, BLUE];

export interface RegionRow {
  scenario: string;
  year: number;
  region: Region;
  share: number;
}

/** Where new victims are taken: stacked shares by destination region over time, a panel per scenario. */
export function destinationsChart(rows: RegionRow[], o: { title?: string } = {}): TopLevelSpec {
  nonEmpty('destinationsChart', 'rows', rows);
  checkDomain(
    'destinationsChart',
    'region',
    REGIONS,
    rows.map((r) => r.region),
  );
  const order = scenarioOrder(rows.map((r) => r.scenario));
  const values = rows.map((r) => ({
    scenario: r.scenario,
    year: r.year,
    region: r.region,
    share: num(r.share),
    // Stack the Balkans at the bottom, Western Europe on top.
    rank: REGIONS.indexOf(r.region),
  }));
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? 'Where victims go: shares of new victims by destination region',
      subtitle: "Share of the year's new victims taken to each region (stacked); mean over replicates",
    },
    data: { values },
    ...scenarioFacet(order),
    spec: {
      width: 220,
      height: 150,
      mark: { type: 'area', opacity: 0.85 },
      encoding: {
        x: yearAxis(),
        y: {
          field: 'share',
          type: 'quantitative',
          title: 'Share of victims',
          stack: 'zero',
          scale: { domain: [0, 1] as number[] },
          axis: { format: '%' },
        },
        color: {
          field: 'region',
          type: 'nominal',
          title: 'Destination',
          scale: { domain: [...REGIONS], range: REGION_COLOURS },
        },
        order: { field: 'rank', type: 'quantitative' },
      },
    },
    config: config('bottom'),
  };
}

// ---------------------------------------------------------------------------
// 5. Corruption

export interface CorruptionRow {
  scenario: string;
  year: number;
  officialsCorruptShare: number;
  bribesPaid: number;
}

/** Two panels, a line per scenario: the share of officials taking bribes, and bribes paid per year. */
export function corruptionChart(rows: CorruptionRow[], o: { title?: string } = {}): TopLevelSpec {
  nonEmpty('corruptionChart', 'rows', rows);
  const order = scenarioOrder(rows.map((r) => r.scenario));
  const values = rows.map((r) => ({
    scenario: r.scenario,
    year: r.year,
    officialsCorruptShare: num(r.officialsCorruptShare),
    bribesPaid: num(r.bribesPaid),
  }));
  const colour = scenarioColour(order);
  const panel = (field: string, title: string, format: string) =>
    ({
      width: 460,
      height: 150,
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x: yearAxis(),
        y: { field, type: 'quantitative', title, scale: { zero: true }, axis: { format } },
        color: colour,
      },
    }) as const;
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? 'Corruption: officials taking bribes and bribes paid',
      subtitle: [
        'Top: share of border officials and police officers taking bribes at the end of each year',
        'Bottom: bribes paid to border officials; means over replicates',
      ],
    },
    data: { values },
    vconcat: [
      panel('officialsCorruptShare', 'Officials corrupt (share of officials)', '.0%'),
      panel('bribesPaid', 'Bribes paid (EUR per year)', '~s'),
    ],
    resolve: { scale: { color: 'shared' } },
    config: config('right'),
  };
}

// ---------------------------------------------------------------------------
// 6. Cost-effectiveness

export const PRONGS = ['victims', 'supply', 'demand', 'mixed', 'enforcement', 'none'] as const;
export type Prong = (typeof PRONGS)[number];

/** Fixed prong colours, the same in every report. */
export const PRONG_COLOURS: Readonly<Record<Prong, string>> = {
  victims: GREEN,
  supply: BLUE,
  demand: PURPLE,
  mixed: ORANGE,
  enforcement: VERMILLION,
  none: THEME.grey,
};

export interface CostRow {
  scenario: string;
  prong: Prong;
  avertedPerMillion: number;
  /** 90% interval. */
  lo: number;
  hi: number;
}

/**
 * Victims averted per million EUR of extra spending, a row per scenario (input order,
 * baseline first), a point with its 90% interval coloured by prong, a zero rule. A
 * scenario whose ratio is not finite (no extra spending) keeps its row, marked 'n/a'.
 */
export function costEffectivenessChart(rows: CostRow[], o: { window?: string; title?: string } = {}): TopLevelSpec {
  nonEmpty('costEffectivenessChart', 'rows', rows);
  checkDomain(
    'costEffectivenessChart',
    'prong',
    PRONGS,
    rows.map((r) => r.prong),
  );
  const window = o.window ?? '2003-2010';
  const order = scenarioOrder(rows.map((r) => r.scenario));
  const values = rows.map((r) => ({
    scenario: r.scenario,
    prong: r.prong,
    avertedPerMillion: num(r.avertedPerMillion),
    lo: num(r.lo),
    hi: num(r.hi),
  }));
  const present = PRONGS.filter((p) => rows.some((r) => r.prong === p));
  const x = (field: string) => ({ field, type: 'quantitative', title: 'Victims averted per million EUR', scale: { zero: true } }) as const;
  const y = { field: 'scenario', type: 'nominal', title: null, sort: order } as const;
  const colour = {
    field: 'prong',
    type: 'nominal',
    title: 'Prong',
    scale: { domain: [...PRONGS], range: PRONGS.map((p) => PRONG_COLOURS[p]) },
    legend: { values: present },
  } as const;
  const layer = [
    zeroRule(),
    { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: x('lo'), x2: { field: 'hi' }, y, color: colour } } as const,
    {
      mark: { type: 'point', filled: true, size: 80, opacity: 1 },
      encoding: { x: x('avertedPerMillion'), y, color: colour },
    } as const,
    ...(values.some((v) => v.avertedPerMillion === null)
      ? [
          {
            transform: [{ filter: '!isValid(datum.avertedPerMillion)' }] as { filter: string }[],
            mark: { type: 'text', align: 'left', dx: 4, color: '#444444' },
            encoding: { x: { datum: 0 }, y, text: { value: 'n/a (no extra spending)' } },
          } as const,
        ]
      : []),
  ];
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? 'Cost-effectiveness: victims averted per million EUR spent',
      subtitle: [
        `Cumulative true victims averted against the baseline, ${window}, per million EUR of extra spending`,
        'Point: mean; line: 90% interval',
      ],
    },
    data: { values },
    width: 420,
    height: { step: 26 },
    layer,
    config: config(),
  };
}

// ---------------------------------------------------------------------------
// 7. Rankogram

export interface RankRow {
  scenario: string;
  /** 1: the most cost-effective. */
  rank: number;
  /** Probability (over draws) that the scenario is at this rank. */
  probability: number;
}

/** 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st, … */
export function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** `n` colours from dark blue (the strongest) to light blue, a one-hue ramp readable with any colour vision. */
function blueRamp(n: number): string[] {
  const from = [0x0b, 0x3c, 0x6e],
    to = [0xd4, 0xe8, 0xf5];
  const hex = (c: number[]) => '#' + c.map((x) => Math.round(x).toString(16).padStart(2, '0')).join('');
  if (n <= 1) return [hex(from)];
  return Array.from({ length: n }, (_, i) => hex(from.map((f, j) => f + ((to[j] - f) * i) / (n - 1))));
}

/**
 * The rankogram: per option (scenario) a horizontal bar stacked from the probability
 * of ranking 1st (the most cost-effective, darkest) to the last (lightest). Options
 * are ordered by their mean rank (best first; ties in the order of the input), so
 * each bar adds to 1 when the probabilities do. A tooltip gives scenario, rank and
 * probability.
 */
export function rankogramChart(rows: RankRow[], o: { window?: string; title?: string; measure?: string } = {}): TopLevelSpec {
  nonEmpty('rankogramChart', 'rows', rows);
  for (const r of rows) {
    if (!Number.isInteger(r.rank) || r.rank < 1) throw new Error(`rankogramChart: rank ${r.rank} of '${r.scenario}' is not 1, 2, …`);
  }
  const window = o.window ?? '2003-2010';
  const input = scenarioOrder(rows.map((r) => r.scenario));
  const meanRank = new Map(
    input.map((s) => {
      const own = rows.filter((r) => r.scenario === s && Number.isFinite(r.probability));
      const p = own.reduce((a, r) => a + r.probability, 0);
      return [s, p > 0 ? own.reduce((a, r) => a + r.rank * r.probability, 0) / p : Infinity] as const;
    }),
  );
  const order = [...input].sort((a, b) => meanRank.get(a)! - meanRank.get(b)! || input.indexOf(a) - input.indexOf(b));
  const ranks = Math.max(...rows.map((r) => r.rank));
  const labels = Array.from({ length: ranks }, (_, k) => ordinal(k + 1));
  const values = rows.map((r) => ({ scenario: r.scenario, rank: r.rank, rankLabel: ordinal(r.rank), probability: num(r.probability) }));
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? 'Which option is most cost-effective: the probability of each rank',
      subtitle: [
        `Rank of each option by ${o.measure ?? 'true victims averted per million EUR of extra spending'}, ${window}, over the draws of the uncertain inputs`,
        'Darkest: ranked 1st (the most cost-effective); options ordered by their mean rank',
      ],
    },
    data: { values },
    width: 420,
    height: { step: 28 },
    mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 1 },
    encoding: {
      y: { field: 'scenario', type: 'nominal', title: null, sort: order },
      x: {
        field: 'probability',
        type: 'quantitative',
        title: 'probability',
        stack: 'zero',
        scale: { domain: [0, 1] as number[], nice: false },
        axis: { format: '.0%' },
      },
      color: {
        field: 'rankLabel',
        type: 'ordinal',
        title: 'Rank (1st: most cost-effective)',
        sort: labels,
        legend: { titleLimit: 400 },
        scale: { domain: labels, range: blueRamp(ranks) },
      },
      order: { field: 'rank', type: 'quantitative', sort: 'ascending' },
      tooltip: [
        { field: 'scenario', type: 'nominal', title: 'scenario' },
        { field: 'rankLabel', type: 'ordinal', title: 'rank' },
        { field: 'probability', type: 'quantitative', title: 'probability', format: '.0%' },
      ],
    },
    config: config('bottom'),
  };
}

// ---------------------------------------------------------------------------
// 8. Sources of variance

export const VARIANCE_SOURCES = ['posterior', 'levers', 'interaction', 'noise'] as const;
export type VarianceSource = (typeof VARIANCE_SOURCES)[number];

/** What each source is called for a reader who does not know the design. */
export const VARIANCE_SOURCE_LABELS: Readonly<Record<VarianceSource, string>> = {
  posterior: 'calibrated parameters',
  levers: 'lever costs and effects',
  interaction: 'their interaction',
  noise: 'chance (replicates)',
};

const VARIANCE_SOURCE_COLOURS: Readonly<Record<VarianceSource, string>> = {
  posterior: BLUE,
  levers: ORANGE,
  interaction: PURPLE,
  noise: THEME.grey,
};

export interface VarianceRow {
  scenario: string;
  measure: string;
  source: VarianceSource;
  /** Share of the variance (an estimate: it can fall slightly below 0 or above 1). */
  share: number;
  /** 90% bootstrap interval of the share. */
  lo: number;
  hi: number;
}

/** Ticks for shares spanning [lo, hi] (lo <= 0, hi >= 1): a round step giving at most 9 ticks, 0 among them (and 1 while the step is at most 1). */
function shareTicks(lo: number, hi: number): number[] {
  const step =
    [0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100].find((s) => Math.ceil(hi / s) - Math.floor(lo / s) <= 8) ?? Math.ceil((hi - lo) / 8);
  const from = Math.floor(lo / step),
    to = Math.ceil(hi / step);
  return Array.from({ length: to - from + 1 }, (_, i) => Math.round((from + i) * step * 1e6) / 1e6);
}

/**
 * Where the uncertainty of each scenario's difference from the baseline comes from:
 * for one measure (`measure`, by default 'true_victims'), per scenario (input order,
 * baseline first) a group of four horizontal bars, the share of the variance due to
 * the calibrated parameters, the levers' costs and effects, their interaction and
 * chance, each with its 90% bootstrap interval as a line. Shares are estimates and
 * are drawn as given, below 0 or above 1 included: the axis spans them (and at least
 * 0 to 1). A scenario with no share to draw (no variance) keeps its row, marked 'n/a'.
 */
export function varianceSourcesChart(
  rows: VarianceRow[],
  o: { measure?: string; measureLabel?: string; window?: string; title?: string } = {},
): TopLevelSpec {
  nonEmpty('varianceSourcesChart', 'rows', rows);
  checkDomain(
    'varianceSourcesChart',
    'source',
    VARIANCE_SOURCES,
    rows.map((r) => r.source),
  );
  const measure = o.measure ?? 'true_victims';
  const chosen = rows.filter((r) => r.measure === measure);
  if (chosen.length === 0) {
    throw new Error(`varianceSourcesChart: no rows for measure '${measure}' (have ${[...new Set(rows.map((r) => r.measure))].join(', ')})`);
  }
  const window = o.window ?? '2003-2010';
  const order = scenarioOrder(chosen.map((r) => r.scenario));
  const labels = VARIANCE_SOURCES.map((s) => VARIANCE_SOURCE_LABELS[s]);
  const values = chosen.map((r) => ({
    scenario: r.scenario,
    source: VARIANCE_SOURCE_LABELS[r.source],
    share: num(r.share),
    lo: num(r.lo),
    hi: num(r.hi),
  }));
  const finite = values.flatMap((v) => [v.share, v.lo, v.hi]).filter((x): x is number => x !== null);
  const ticks = shareTicks(Math.min(0, ...finite), Math.max(1, ...finite));
  const domain = [ticks[0], ticks[ticks.length - 1]];
  const blank = order.filter((s) => !values.some((v) => v.scenario === s && v.share !== null));
  const x = (field: string) =>
    ({
      field,
      type: 'quantitative',
      title: 'Share of the variance',
      scale: { domain, nice: false, zero: false },
      axis: { format: '.0%', values: ticks },
    }) as const;
  const y = { field: 'scenario', type: 'nominal', title: null, sort: order } as const;
  const yOffset = { field: 'source', type: 'nominal', sort: labels } as const;
  const colour = {
    field: 'source',
    type: 'nominal',
    title: 'Source',
    scale: { domain: labels, range: VARIANCE_SOURCES.map((s) => VARIANCE_SOURCE_COLOURS[s]) },
  } as const;
  const tooltip = [
    { field: 'scenario', type: 'nominal' as const, title: 'scenario' },
    { field: 'source', type: 'nominal' as const, title: 'source' },
    { field: 'share', type: 'quantitative' as const, title: 'share', format: '.0%' },
    { field: 'lo', type: 'quantitative' as const, title: '90% interval from', format: '.0%' },
    { field: 'hi', type: 'quantitative' as const, title: 'to', format: '.0%' },
  ];
  const layer = [
    zeroRule(),
    { mark: { type: 'bar', opacity: 0.9 }, encoding: { y, yOffset, x: x('share'), color: colour, tooltip } } as const,
    {
      mark: { type: 'rule', strokeWidth: 1.5, color: '#222222' },
      encoding: { y, yOffset, x: x('lo'), x2: { field: 'hi' }, tooltip },
    } as const,
    ...(blank.length
      ? [
          {
            // One label per such scenario, beside its second bar (near the middle of its group).
            transform: [
              { filter: `datum.source === ${JSON.stringify(labels[1])} && indexof(${JSON.stringify(blank)}, datum.scenario) >= 0` },
            ] as { filter: string }[],
            mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, color: '#444444' },
            encoding: { x: { datum: 0 }, y, yOffset, text: { value: 'n/a (no variance to share out)' } },
          } as const,
        ]
      : []),
  ];
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? 'Where the uncertainty comes from: the variance of each effect by source',
      subtitle: [
        `Share of the variance of each scenario's difference from the baseline in ${o.measureLabel ?? measure}, ${window}`,
        'Bar: estimated share (first-order, by source); line: 90% bootstrap interval over draws. Estimates can fall slightly below 0% or above 100%',
      ],
    },
    data: { values },
    width: 420,
    height: { step: 14 },
    layer,
    config: config('bottom'),
  };
}

/** One point of a cost-effectiveness curve: a scenario or a lever alone (`series`) at what it spent. */
export interface CurvePoint {
  series: string;
  /** Whether the series is a scenario (a prong, a mix) or one lever alone: each kind gets its own panel. */
  kind: 'scenario' | 'lever';
  /** Million EUR of extra spending over the window (what the scenario spent at its budget). */
  budget: number;
  avertedPerMillion: number;
  lo: number;
  hi: number;
}

/** One panel of the curves: a line per series, its points with intervals, and its name at its last point. */
function curvesPanel(rows: CurvePoint[], title: string, log: boolean): Record<string, unknown> {
  const order = [...new Set(rows.map((r) => r.series))];
  const x = {
    field: 'budget',
    type: 'quantitative',
    title: 'Extra spending over the window (million EUR)',
    scale: log ? { type: 'log' } : { zero: true },
  } as const;
  const y = { field: 'avertedPerMillion', type: 'quantitative', title: 'Victims averted per million EUR', scale: { zero: true } } as const;
  // Beyond eight lines no palette stays apart: the names at the lines' ends tell them apart.
  const colour = {
    field: 'series',
    type: 'nominal',
    title: null,
    sort: order,
    legend: null,
    scale:
      order.length <= SCENARIO_COLOURS.length
        ? { domain: order, range: SCENARIO_COLOURS.slice(0, order.length) }
        : { domain: order, scheme: 'tableau20' },
  } as const;
  const tooltip = [
    { field: 'series', type: 'nominal', title: 'Scenario or lever' },
    { field: 'budget', type: 'quantitative', title: 'Spent (million EUR)', format: ',.3~r' },
    { field: 'avertedPerMillion', type: 'quantitative', title: 'Averted per million EUR', format: ',.3~r' },
  ] as const;
  const top = new Map<string, number>();
  for (const r of rows) top.set(r.series, Math.max(top.get(r.series) ?? -Infinity, r.budget));
  return {
    title: { text: title, anchor: 'start', fontSize: 14 },
    width: 420,
    height: 240,
    data: {
      values: rows.map((r) => ({
        ...r,
        avertedPerMillion: num(r.avertedPerMillion),
        lo: num(r.lo),
        hi: num(r.hi),
        last: r.budget === top.get(r.series),
      })),
    },
    layer: [
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color: colour } },
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: colour },
      },
      { mark: { type: 'point', filled: true, size: 60, opacity: 1 }, encoding: { x, y, color: colour, tooltip } },
      {
        transform: [{ filter: 'datum.last' }],
        mark: { type: 'text', align: 'left', dx: 6, fontSize: 11 },
        encoding: { x, y, text: { field: 'series' }, color: colour },
      },
    ],
  };
}

/**
 * Cost-effectiveness curves: victims averted per million EUR against what was spent,
 * one line per scenario and, in a panel of its own, per lever alone; a falling line
 * is diminishing returns. Points with their 90% intervals, each line named at its
 * end; the spending axis is logarithmic when it spans more than a factor 4.
 */
export function costCurvesChart(rows: CurvePoint[], o: { window?: string; title?: string } = {}): TopLevelSpec {
  nonEmpty('costCurvesChart', 'rows', rows);
  const window = o.window ?? '2003-2010';
  const spent = rows.map((r) => r.budget).filter((b) => b > 0);
  const log = spent.length > 0 && Math.max(...spent) / Math.min(...spent) > 4;
  const panels = (['scenario', 'lever'] as const)
    .filter((k) => rows.some((r) => r.kind === k))
    .map((k) =>
      curvesPanel(
        rows.filter((r) => r.kind === k),
        k === 'scenario' ? 'Scenarios' : 'Each lever alone',
        log,
      ),
    );
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? 'Cost-effectiveness curves: victims averted per million EUR, by spending',
      subtitle: [
        `Cumulative true victims averted against the baseline, ${window}, per million EUR of extra spending`,
        'A falling line: each further million averts fewer victims. Bars: 90% intervals',
      ],
    },
    vconcat: panels,
    resolve: { scale: { color: 'independent', y: 'independent' } },
    config: config(),
  } as unknown as TopLevelSpec;
}

/** The Sobol' indices of one input of a decision. */
export interface SobolRow {
  input: string;
  first: number;
  firstLo: number;
  firstHi: number;
  total: number;
  totalLo: number;
  totalHi: number;
}

/**
 * What decides between two scenarios: per input, its first-order index (its effect
 * alone) and total index (with its interactions), with intervals, inputs sorted by
 * total index. An input whose total index is near 0 could be fixed.
 */
export function sobolChart(rows: SobolRow[], o: { leader: string; runnerUp: string; title?: string }): TopLevelSpec {
  nonEmpty('sobolChart', 'rows', rows);
  const order = [...rows].sort((a, b) => b.total - a.total).map((r) => r.input);
  const values = rows.flatMap((r) => [
    { input: r.input, index: 'total (with interactions)', value: num(r.total), lo: num(r.totalLo), hi: num(r.totalHi) },
    { input: r.input, index: 'first order (alone)', value: num(r.first), lo: num(r.firstLo), hi: num(r.firstHi) },
  ]);
  const y = { field: 'input', type: 'nominal', title: null, sort: order } as const;
  const colour = {
    field: 'index',
    type: 'nominal',
    title: null,
    scale: { domain: ['total (with interactions)', 'first order (alone)'], range: [BLUE, ORANGE] },
  } as const;
  const x = (field: string) =>
    ({ field, type: 'quantitative', title: "Sobol' index (share of the variance)", scale: { zero: true } }) as const;
  return {
    $schema: SCHEMA,
    title: {
      text: o.title ?? `What decides between ${o.leader} and ${o.runnerUp}`,
      subtitle: [
        `Sobol' indices of the difference in victims averted per million EUR (${o.leader} − ${o.runnerUp})`,
        'Point: estimate; line: 90% bootstrap interval; an input near 0 could be fixed',
      ],
    },
    data: { values },
    width: 420,
    height: { step: 22 },
    layer: [
      zeroRule(),
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x: x('lo'), x2: { field: 'hi' }, y, yOffset: { field: 'index' }, color: colour },
      },
      {
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: {
          x: x('value'),
          y,
          yOffset: { field: 'index' },
          color: colour,
          tooltip: [
            { field: 'input', title: 'Input' },
            { field: 'index', title: 'Index' },
            { field: 'value', title: 'Estimate', format: '.2f' },
          ],
        },
      },
    ],
    config: config('bottom'),
  } as TopLevelSpec;
}
