/**
 * What `tipsim compare` writes besides its CSVs: the six charts of the comparison
 * (compare-charts.ts) from a CompareResult, and the self-contained report.html
 * (report.ts) with a short text per chart and the headline table.
 */
import type { TopLevelSpec } from 'vega-lite';
import { HEADLINES } from '../engine/compare/headline.ts';
import { SERIES_METRICS, type CompareResult, type ComparisonRow, type ScenarioRuns } from '../engine/compare/compare.ts';
import { spread } from '../engine/compare/paired.ts';
import { formatShort } from '../engine/core/outputs.ts';
import {
  TABLE1_TOTALS, corruptionChart, costEffectivenessChart, destinationsChart, effectsChart, strategySharesChart, visibilityGapChart,
  type BandPoint, type CostRow, type EffectRow, type Prong, type RegionRow, type ShareRow, type CorruptionRow,
} from './compare-charts.ts';
import { reportHtml, type ReportChart } from './report.ts';

const m = (name: (typeof SERIES_METRICS)[number]) => SERIES_METRICS.indexOf(name);

/** Mean and 90% spread across replicates (5% to 95%) per year of one series of a scenario. */
function band(run: ScenarioRuns, metric: (typeof SERIES_METRICS)[number], years: number[]): BandPoint[] {
  const reps = run.series[m(metric)];
  return years.map((year, y) => {
    const iv = spread(reps.map((r) => r[y]));
    return { scenario: run.name, year, mean: iv.mean, lo: iv.lo, hi: iv.hi };
  });
}
const meanAt = (run: ScenarioRuns, metric: (typeof SERIES_METRICS)[number], y: number) => {
  const reps = run.series[m(metric)];
  return reps.reduce((a, r) => a + r[y], 0) / reps.length;
};

/** The prong a scenario's spending belongs to: the one with most of its cost, 'mixed' when two each take a fifth or more. */
export function prongOf(run: ScenarioRuns, isBaseline: boolean): Prong {
  if (isBaseline) return 'none';
  if (/enforcement/.test(run.name)) return 'enforcement';
  const total = (metric: (typeof SERIES_METRICS)[number]) => run.series[m(metric)].reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0);
  const costs: [Prong, number][] = [['victims', total('cost_victims')], ['supply', total('cost_supply')], ['demand', total('cost_demand')]];
  const sum = costs.reduce((a, [, c]) => a + c, 0);
  if (sum <= 0) return 'none';
  if (costs.filter(([, c]) => c >= 0.2 * sum).length >= 2) return 'mixed';
  return costs.sort((a, b) => b[1] - a[1])[0][0];
}

export function compareCharts(r: CompareResult, window: string): { id: string; title: string; text: string; spec: TopLevelSpec }[] {
  const [base] = r.runs;
  const years = r.years;
  const row = (s: string, metric: string): ComparisonRow => r.rows.find((x) => x.scenario === s && x.metric === metric)!;
  const effects: EffectRow[] = r.runs.slice(1).flatMap((run) =>
    (['true_victims', 'victims_assisted'] as const).map((metric) => {
      const x = row(run.name, metric);
      return { scenario: run.name, measure: HEADLINES.find((h) => h.name === metric)!.label, diff: x.diff, lo: x.diff_lo, hi: x.diff_hi, unit: 'victims' };
    }),
  );
  const shares: ShareRow[] = r.runs.flatMap((run) =>
    years.flatMap((year, y) => [
      { scenario: run.name, year, strategy: 'legal travel' as const, share: meanAt(run, 'share_legal_travel', y) },
      { scenario: run.name, year, strategy: 'private venue' as const, share: meanAt(run, 'share_private_venue', y) },
      { scenario: run.name, year, strategy: 'soft control' as const, share: meanAt(run, 'share_soft_control', y) },
    ]),
  );
  const regions: RegionRow[] = r.runs.flatMap((run) =>
    years.flatMap((year, y) => {
      const west = meanAt(run, 'share_west', y);
      return [
        { scenario: run.name, year, region: 'Balkans' as const, share: 1 - west },
        { scenario: run.name, year, region: 'Western Europe' as const, share: west },
      ];
    }),
  );
  const corruption: CorruptionRow[] = r.runs.flatMap((run) =>
    years.map((year, y) => ({ scenario: run.name, year, officialsCorruptShare: meanAt(run, 'officials_corrupt_share', y), bribesPaid: meanAt(run, 'bribes_paid', y) })),
  );
  const costs: CostRow[] = r.runs.slice(1).map((run) => {
    const x = row(run.name, 'averted_per_million');
    return { scenario: run.name, prong: prongOf(run, false), avertedPerMillion: x.mean, lo: x.lo, hi: x.hi };
  });
  return [
    {
      id: 'visibility-gap',
      title: 'The visibility gap',
      text: `True victims recruited each year against victims assisted (counted), in the baseline (${base.name}), with 90% intervals over replicates; the diamonds are the totals of the article's Table 1. The gap between the lines is the trade the statistics do not see.`,
      spec: visibilityGapChart(band(base, 'victims_recruited', years), band(base, 'victims_assisted', years), [...TABLE1_TOTALS], { trueLabel: 'True victims (recruited)' }),
    },
    ...(effects.length
      ? [{
          id: 'effects',
          title: 'Effects on true and counted victims',
          text: `Each scenario's paired difference from the baseline over ${window}, with its 90% interval (common random numbers). A policy can lower the true trade while the counted victims rise, or the reverse.`,
          spec: effectsChart(effects, { window }),
        }]
      : []),
    { id: 'strategies', title: 'Strategy shares', text: 'Shares of victims moved on legal travel, exploited in private venues and held by soft control: the networks\' adaptation, scenario by scenario.', spec: strategySharesChart(shares) },
    { id: 'destinations', title: 'Where victims go', text: 'Shares of victims exploited in the Balkans and in Western Europe, whose countries do not report to the regional database.', spec: destinationsChart(regions) },
    { id: 'corruption', title: 'Corruption', text: 'Officials taking bribes (share) and bribes paid each year.', spec: corruptionChart(corruption) },
    ...(costs.length
      ? [{ id: 'cost-effectiveness', title: 'Cost-effectiveness', text: `True victims averted per million EUR of extra spending over ${window}, against the baseline, by prong.`, spec: costEffectivenessChart(costs, { window }) }]
      : []),
  ];
}

/** The headline table as text cells: per scenario, each measure's mean and (not for the baseline) its difference with interval. */
export function headlineTable(r: CompareResult): { columns: string[]; rows: string[][] } {
  const fmt = formatShort;
  const metrics = [...HEADLINES.map((h) => h.name), 'averted_per_million'];
  const columns = ['scenario', ...metrics];
  const rows = r.runs.map((run, i) => [
    run.name,
    ...metrics.map((metric) => {
      const x = r.rows.find((y) => y.scenario === run.name && y.metric === metric)!;
      if (metric === 'averted_per_million') return i === 0 ? '–' : `${fmt(x.mean)} [${fmt(x.lo)}, ${fmt(x.hi)}]`;
      return i === 0 ? fmt(x.mean) : `${fmt(x.mean)} (${x.diff >= 0 ? '+' : ''}${fmt(x.diff)} [${fmt(x.diff_lo)}, ${fmt(x.diff_hi)}])`;
    }),
  ]);
  return { columns, rows };
}

export function compareReport(r: CompareResult, o: { window: string; charts: ReportChart[]; manifest: Record<string, unknown>; links: { href: string; label: string }[] }): string {
  const t = headlineTable(r);
  return reportHtml({
    title: 'tipsim: policy levers compared',
    intro: `${r.runs.length} scenarios, ${r.replicates} replicates each with common random numbers (replicate r of every scenario uses the same seeds), compared with the baseline "${r.runs[0].name}" over ${o.window}. Each cell of the table: the scenario's mean, then its paired difference from the baseline with a 90% interval. True victims are those recruited (the model's true layer); victims assisted are what agencies count, as in the article's Table 1 (Vreja 2005).`,
    table: { ...t, caption: `Headline measures, ${o.window}: mean (difference from the baseline [90% interval])` },
    charts: o.charts,
    manifest: o.manifest,
    links: o.links,
  });
}
