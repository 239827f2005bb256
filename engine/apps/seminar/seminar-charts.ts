/**
 * The seminar page's charts, as vega-lite specs with inline data, from one run's
 * yearly regional (ALL) values and, dashed, the run before it. Counts are shown at
 * full scale (the run's counts divided by the page's population scale). Colours are
 * the Okabe-Ito palette used by the other charts (engine/apps/charts/compare-charts.ts): blue for
 * the true trade, orange for what is counted.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface RunValues {
  years: number[];
  metrics: Record<string, number[]>;
}

export interface ChartInput {
  run: RunValues;
  previous?: RunValues;
  /** Counts are divided by this (the page's population scale). */
  scale: number;
  table1: { year: number; value: number }[];
  /** First and last year shown. */
  years: [number, number];
}

export interface SeminarChart {
  id: string;
  title: string;
  description: string;
  spec: TopLevelSpec;
}

const BLUE = '#0072B2',
  SKY = '#56B4E9',
  ORANGE = '#E69F00',
  VERMILION = '#D55E00',
  GREEN = '#009E73',
  PURPLE = '#CC79A7',
  GREY = '#555555';

type Row = { year: number; series: string; value: number | null; run: string };

function rows(
  input: ChartInput,
  series: { metric: string; label: string; count?: boolean; f?: (m: Record<string, number[]>, i: number) => number }[],
): Row[] {
  const out: Row[] = [];
  const add = (v: RunValues, run: string) =>
    v.years.forEach((year, i) => {
      if (year < input.years[0] || year > input.years[1]) return;
      for (const s of series) {
        const raw = s.f ? s.f(v.metrics, i) : v.metrics[s.metric]?.[i];
        const value = raw === undefined || !Number.isFinite(raw) ? null : s.count ? raw / input.scale : raw;
        out.push({ year, series: s.label, value, run });
      }
    });
  if (input.previous) add(input.previous, 'last run');
  add(input.run, 'this run');
  return out;
}

const WIDTH = 520,
  HEIGHT = 220;

function lines(
  id: string,
  title: string,
  description: string,
  data: Row[],
  domain: string[],
  range: string[],
  yTitle: string,
  format: string,
  extra: object[] = [],
): SeminarChart {
  return {
    id,
    title,
    description,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description,
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: { values: data },
          mark: { type: 'line', point: false, strokeWidth: 2.5 },
          encoding: {
            x: { field: 'year', type: 'quantitative', title: null, axis: { format: 'd', tickMinStep: 1 } },
            y: { field: 'value', type: 'quantitative', title: yTitle, axis: { format } },
            color: { field: 'series', type: 'nominal', title: null, scale: { domain, range }, legend: { orient: 'bottom', columns: 2 } },
            strokeDash: {
              field: 'run',
              type: 'nominal',
              title: null,
              scale: {
                domain: ['this run', 'last run'],
                range: [
                  [1, 0],
                  [5, 4],
                ],
              },
              legend: { orient: 'bottom' },
            },
            opacity: { field: 'run', type: 'nominal', scale: { domain: ['this run', 'last run'], range: [1, 0.45] }, legend: null },
            tooltip: [
              { field: 'series', type: 'nominal' },
              { field: 'year', type: 'quantitative' },
              { field: 'value', type: 'quantitative', format },
              { field: 'run', type: 'nominal' },
            ],
          },
        },
        ...extra,
      ],
    } as TopLevelSpec,
  };
}

export function seminarCharts(input: ChartInput): SeminarChart[] {
  const counts = rows(input, [
    { metric: 'victims_recruited', label: 'new victims a year (true)', count: true },
    { metric: 'victims_exploited', label: 'victims in exploitation (true)', count: true },
    { metric: 'victims_assisted', label: 'victims assisted (counted)', count: true },
  ]);
  const table1 = input.table1.map((t) => ({ year: t.year, value: t.value, series: 'Table 1 (Vreja 2005)' }));
  const trade = lines(
    'chart-trade',
    'The true trade and what is counted',
    'Victims recruited each year and victims in exploitation (true, blue) against victims assisted as agencies count them (orange), with the article’s Table 1 totals as points.',
    counts,
    ['new victims a year (true)', 'victims in exploitation (true)', 'victims assisted (counted)', 'Table 1 (Vreja 2005)'],
    [BLUE, SKY, ORANGE, VERMILION],
    'persons',
    ',.0f',
    [
      {
        data: { values: table1 },
        mark: { type: 'point', filled: true, size: 80, shape: 'diamond' },
        encoding: {
          x: { field: 'year', type: 'quantitative' },
          y: { field: 'value', type: 'quantitative' },
          color: { field: 'series', type: 'nominal' },
          tooltip: [
            { field: 'series', type: 'nominal' },
            { field: 'year', type: 'quantitative' },
            { field: 'value', type: 'quantitative', format: ',.0f' },
          ],
        },
      },
    ],
  );
  const strategies = lines(
    'chart-strategies',
    'How networks operate',
    'Shares of new victims moved by legal travel (visas or visa-free), exploited in private apartments, and held under soft control.',
    rows(input, [
      { metric: 'share_legal_travel', label: 'legal travel' },
      { metric: 'share_private_venue', label: 'private apartments' },
      { metric: 'share_soft_control', label: 'soft control' },
    ]),
    ['legal travel', 'private apartments', 'soft control'],
    [BLUE, PURPLE, GREEN],
    'share of new victims',
    '.0%',
  );
  const destinations = lines(
    'chart-destinations',
    'Where victims are taken',
    'New victims a year taken to Western Europe (which does not report to the regional database) and to the Balkans.',
    rows(input, [
      { metric: 'victims_west', label: 'to Western Europe', count: true },
      { metric: 'victims_recruited', label: 'to the Balkans', count: true, f: (m, i) => m.victims_recruited[i] - m.victims_west[i] },
    ]),
    ['to Western Europe', 'to the Balkans'],
    [BLUE, SKY],
    'new victims a year',
    ',.0f',
  );
  const police = lines(
    'chart-police',
    'Police action',
    'Offences police record (interceptions, raids, investigations that find a network) and traffickers arrested, all countries.',
    rows(input, [
      { metric: 'police_offences', label: 'offences recorded', count: true },
      { metric: 'arrests', label: 'traffickers arrested', count: true },
    ]),
    ['offences recorded', 'traffickers arrested'],
    [VERMILION, GREY],
    'a year',
    ',.0f',
  );
  const corruption = lines(
    'chart-corruption',
    'Corruption',
    'Share of border officials and police officers taking bribes at the end of each year.',
    rows(input, [{ metric: 'officials_corrupt_share', label: 'officials taking bribes' }]),
    ['officials taking bribes'],
    [VERMILION],
    'share of officials',
    '.0%',
  );
  return [trade, police, strategies, destinations, corruption];
}
