/**
 * What `tipsim compare` writes besides its CSVs: the six charts of the comparison
 * (compare-charts.ts) from a CompareResult, and the self-contained report.html
 * (report.ts) with a short text per chart and the headline table. Under uncertainty
 * (`--uncertainty`, an UncertaintyReport), two more charts (the rankogram and the
 * variance by source) and the decision table with the expected value of perfect
 * information; without it, the output is as before.
 */
import type { TopLevelSpec } from 'vega-lite';
import { HEADLINES } from './headline.ts';
import { SERIES_METRICS, type CompareResult, type ComparisonRow, type ScenarioRuns } from './comparison.ts';
import { spread } from './paired.ts';
import { formatShort } from '../../runner/outputs.ts';
import { ARMS, SOURCES, optionOrder, type UncertaintyReport } from './uncertainty.ts';
import {
  TABLE1_TOTALS,
  VARIANCE_SOURCE_LABELS,
  corruptionChart,
  costCurvesChart,
  sobolChart,
  costEffectivenessChart,
  destinationsChart,
  effectsChart,
  rankogramChart,
  strategySharesChart,
  varianceSourcesChart,
  visibilityGapChart,
  type BandPoint,
  type CostRow,
  type CurvePoint,
  type SobolRow,
  type EffectRow,
  type Prong,
  type RankRow,
  type RegionRow,
  type ShareRow,
  type CorruptionRow,
  type VarianceRow,
} from '../charts/compare-charts.ts';
import { reportHtml, type ReportChart, type ReportSection } from '../charts/html.ts';

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
  const costs: [Prong, number][] = [
    ['victims', total('cost_victims')],
    ['supply', total('cost_supply')],
    ['demand', total('cost_demand')],
  ];
  const sum = costs.reduce((a, [, c]) => a + c, 0);
  if (sum <= 0) return 'none';
  if (costs.filter(([, c]) => c >= 0.2 * sum).length >= 2) return 'mixed';
  return costs.sort((a, b) => b[1] - a[1])[0][0];
}

/** The decision's options from the likeliest to be best (ties: the larger mean first, then input order). */

const percent = (p: number) => (Number.isFinite(p) ? `${Math.round(p * 100)}%` : 'n/a');

/** The measure whose variance the report splits by source. */
const VARIANCE_MEASURE = 'true_victims';

/** The two charts under uncertainty: the rankogram (when some option was compared) and the variance by source (when a scenario differs from the baseline). */
function uncertaintyCharts(u: UncertaintyReport, window: string): { id: string; title: string; text: string; spec: TopLevelSpec }[] {
  const d = u.decision;
  const out: { id: string; title: string; text: string; spec: TopLevelSpec }[] = [];
  if (d.options.length && d.draws > 0) {
    const ranks: RankRow[] = d.options.flatMap((scenario, i) =>
      d.rank[i].map((probability, k) => ({ scenario, rank: k + 1, probability })),
    );
    const best = optionOrder(d)[0];
    out.push({
      id: 'rankogram',
      title: 'Which scenario is most cost-effective',
      text:
        `${d.options[best]} is the most cost-effective in ${percent(d.pBest[best])} of ${d.draws} draws ` +
        `(true victims averted per million EUR of extra spending, ${window}, among the ${d.options.length} scenario${d.options.length === 1 ? '' : 's'} that cost more than the baseline); ` +
        `the expected value of perfect information is ${formatShort(d.evpi)} victims averted per million EUR.`,
      spec: rankogramChart(ranks, { window }),
    });
  }
  const baseline = u.rows[0]?.scenario;
  const chosen = u.rows.filter((x) => x.scenario !== baseline && x.metric === VARIANCE_MEASURE);
  if (chosen.length) {
    const label = HEADLINES.find((h) => h.name === VARIANCE_MEASURE)!.label;
    const rows: VarianceRow[] = chosen.flatMap((x) =>
      SOURCES.map((source) => ({
        scenario: x.scenario,
        measure: x.metric,
        source,
        share: x.summary.shares[source],
        lo: x.summary.sharesInterval[source][0],
        hi: x.summary.sharesInterval[source][1],
      })),
    );
    const largest = chosen.map((x) => {
      const s = x.summary.shares;
      const top = SOURCES.filter((k) => Number.isFinite(s[k])).sort((a, b) => s[b] - s[a])[0];
      return top === undefined
        ? `${x.scenario}: no variance`
        : `${x.scenario}: ${VARIANCE_SOURCE_LABELS[top]} (${percent(s[top])}, 90% interval ${percent(x.summary.sharesInterval[top][0])} to ${percent(x.summary.sharesInterval[top][1])})`;
    });
    out.push({
      id: 'variance-sources',
      title: 'Where the uncertainty comes from',
      text: `The largest source of the variance of each scenario's difference from the baseline in true victims, ${window}: ${largest.join('; ')}.`,
      spec: varianceSourcesChart(rows, { measure: VARIANCE_MEASURE, measureLabel: label.charAt(0).toLowerCase() + label.slice(1), window }),
    });
  }
  return out;
}

/** A scenario of a comparison at equal budgets: the scenario or lever it stands for, and its budget (million EUR). */
export interface BudgetPoint {
  scenario: string;
  series: string;
  kind: 'scenario' | 'lever';
  budget: number;
}

/** The cost-effectiveness curves, when scenarios were set to two or more budgets. */
function curvesChart(
  r: CompareResult,
  window: string,
  budgets: readonly BudgetPoint[],
): { id: string; title: string; text: string; spec: TopLevelSpec }[] {
  const points: CurvePoint[] = budgets.flatMap((b) => {
    const x = r.rows.find((y) => y.scenario === b.scenario && y.metric === 'averted_per_million');
    return x && Number.isFinite(x.mean)
      ? [{ series: b.series, kind: b.kind, budget: b.budget, avertedPerMillion: x.mean, lo: x.lo, hi: x.hi }]
      : [];
  });
  if (new Set(points.map((p) => p.budget)).size < 2) return [];
  // The reading: each series' change from its smallest to its largest budget.
  const changes = [...new Set(points.map((p) => p.series))].map((series) => {
    const own = points.filter((p) => p.series === series).sort((a, b) => a.budget - b.budget);
    return { series, from: own[0], to: own[own.length - 1] };
  });
  const best = [...changes].sort((a, b) => b.to.avertedPerMillion - a.to.avertedPerMillion)[0];
  const falling = changes.filter((c) => c.to.avertedPerMillion < c.from.avertedPerMillion).length;
  const text =
    `Victims averted per million EUR at each budget over ${window}. At the largest budget ${best.series} averts the most per million (${formatShort(best.to.avertedPerMillion)}); ` +
    `${falling} of ${changes.length} lines fall from the smallest budget to the largest (diminishing returns).`;
  return [{ id: 'cost-curves', title: 'Cost-effectiveness curves', text, spec: costCurvesChart(points, { window }) }];
}

/** The decision's Sobol' indices (compare --sobol), as the chart reads them. */
export interface DecisionSensitivity {
  leader: string;
  runnerUp: string;
  rows: SobolRow[];
}

function sensitivityCharts(s: DecisionSensitivity): { id: string; title: string; text: string; spec: TopLevelSpec }[] {
  const top = [...s.rows].sort((a, b) => b.total - a.total).slice(0, 3);
  const text =
    `Which uncertain inputs decide whether ${s.leader} or ${s.runnerUp} averts more victims per million EUR: ` +
    top.map((r) => `${r.input} (total index ${formatShort(r.total)} [${formatShort(r.totalLo)}, ${formatShort(r.totalHi)}])`).join(', ') +
    ' matter most; inputs near 0 could be fixed at any value in their range.';
  return [{ id: 'sobol', title: 'What decides the ranking', text, spec: sobolChart(s.rows, { leader: s.leader, runnerUp: s.runnerUp }) }];
}

export function compareCharts(
  r: CompareResult,
  window: string,
  uncertainty?: UncertaintyReport,
  budgets: readonly BudgetPoint[] = [],
  sensitivity?: DecisionSensitivity,
): { id: string; title: string; text: string; spec: TopLevelSpec }[] {
  const [base] = r.runs;
  const years = r.years;
  const row = (s: string, metric: string): ComparisonRow => r.rows.find((x) => x.scenario === s && x.metric === metric)!;
  const effects: EffectRow[] = r.runs.slice(1).flatMap((run) =>
    (['true_victims', 'victims_assisted'] as const).map((metric) => {
      const x = row(run.name, metric);
      return {
        scenario: run.name,
        measure: HEADLINES.find((h) => h.name === metric)!.label,
        diff: x.diff,
        lo: x.diff_lo,
        hi: x.diff_hi,
        unit: 'victims',
      };
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
    years.map((year, y) => ({
      scenario: run.name,
      year,
      officialsCorruptShare: meanAt(run, 'officials_corrupt_share', y),
      bribesPaid: meanAt(run, 'bribes_paid', y),
    })),
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
      spec: visibilityGapChart(band(base, 'victims_recruited', years), band(base, 'victims_assisted', years), [...TABLE1_TOTALS], {
        trueLabel: 'True victims (recruited)',
      }),
    },
    ...(effects.length
      ? [
          {
            id: 'effects',
            title: 'Effects on true and counted victims',
            text: `Each scenario's paired difference from the baseline over ${window}, with its 90% interval (common random numbers). A policy can lower the true trade while the counted victims rise, or the reverse.`,
            spec: effectsChart(effects, { window }),
          },
        ]
      : []),
    {
      id: 'strategies',
      title: 'Strategy shares',
      text: "Shares of victims moved on legal travel, exploited in private venues and held by soft control: the networks' adaptation, scenario by scenario.",
      spec: strategySharesChart(shares),
    },
    {
      id: 'destinations',
      title: 'Where victims go',
      text: 'Shares of victims exploited in the Balkans and in Western Europe, whose countries do not report to the regional database.',
      spec: destinationsChart(regions),
    },
    {
      id: 'corruption',
      title: 'Corruption',
      text: 'Officials taking bribes (share) and bribes paid each year.',
      spec: corruptionChart(corruption),
    },
    ...(costs.length
      ? [
          {
            id: 'cost-effectiveness',
            title: 'Cost-effectiveness',
            text: `True victims averted per million EUR of extra spending over ${window}, against the baseline, by prong.`,
            spec: costEffectivenessChart(costs, { window }),
          },
        ]
      : []),
    ...curvesChart(r, window, budgets),
    ...(uncertainty ? uncertaintyCharts(uncertainty, window) : []),
    ...(sensitivity ? sensitivityCharts(sensitivity) : []),
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

/** The decision table as text cells: per option, from the likeliest to be best, P(best), expected loss and mean victims averted per million EUR. */
export function decisionTable(u: UncertaintyReport): { columns: string[]; rows: string[][] } {
  const d = u.decision;
  return {
    columns: ['scenario', 'P(best)', 'expected loss', 'mean averted per million EUR'],
    rows: optionOrder(d).map((i) => [d.options[i], percent(d.pBest[i]), formatShort(d.loss[i]), formatShort(d.mean[i])]),
  };
}

/** The decision section of report.html: what the table says, the table, and the expected value of perfect information. */
function decisionSection(u: UncertaintyReport, window: string): ReportSection {
  const d = u.decision;
  const id = 'decision';
  const title = 'Decision under uncertainty';
  if (!d.options.length || !(d.draws > 0)) {
    return {
      id,
      title,
      text: 'No scenario costs more than the baseline in every run (or no draw gave every option a value): there is no choice of spending to compare.',
    };
  }
  return {
    id,
    title,
    text:
      `Over ${d.draws} draws of the uncertain inputs (the calibrated parameters, and the levers' unit costs and effect sizes), each scenario that costs more than the baseline is compared on true victims averted per million EUR of extra spending, ${window}: ` +
      'P(best) is the share of draws in which it is the most cost-effective; its expected loss is what choosing it forgoes, on average, against the best option of each draw (in victims averted per million EUR).' +
      `\n\nThe expected value of perfect information is ${formatShort(d.evpi)} victims averted per million EUR: what knowing the uncertain inputs before choosing would gain, on average, over choosing the option with the best mean.`,
    table: { ...decisionTable(u), caption: `Decision among the scenarios that spend more than the baseline, ${d.draws} draws` },
  };
}

/** When the ranking flips: each scenario discovery's box read as a sentence, and what was not searched. */
function flipsSection(flips: readonly { text: string }[] | string): ReportSection {
  return {
    id: 'ranking-flips',
    title: 'When the ranking flips',
    text:
      "Scenario discovery (PRIM, as the EMA Workbench does it): for each scenario that beats the one most often best in some draws, the region of the uncertain inputs (the calibrated parameters and the levers' unit costs and effect sizes) where it does, with its density (how often it beats the leader inside the region), mass (the share of draws inside) and coverage (the share of its wins inside)." +
      `\n\n${typeof flips === 'string' ? flips : flips.map((f) => f.text).join('\n\n')}`,
  };
}

export function compareReport(
  r: CompareResult,
  o: {
    window: string;
    charts: ReportChart[];
    manifest: Record<string, unknown>;
    links: { href: string; label: string }[];
    uncertainty?: UncertaintyReport;
    /** The ranking flips' readings, or why they were not searched. */
    flips?: readonly { text: string }[] | string;
  },
): string {
  const t = headlineTable(r);
  const u = o.uncertainty;
  return reportHtml({
    title: 'tipsim: policy levers compared',
    intro:
      `${r.runs.length} scenarios, ${r.replicates} replicates each with common random numbers (replicate r of every scenario uses the same seeds), compared with the baseline "${r.runs[0].name}" over ${o.window}. Each cell of the table: the scenario's mean, then its paired difference from the baseline with a 90% interval. True victims are those recruited (the model's true layer); victims assisted are what agencies count, as in the article's Table 1 (Vreja 2005).` +
      (u
        ? `\n\nUnder uncertainty: every run draws the calibrated parameters (a particle of the posterior) and the levers' unit costs and effect sizes, in ${Math.floor(r.replicates / ARMS)} draws of ${ARMS} runs each, the same in every scenario; the table's intervals are taken over draws.`
        : ''),
    table: { ...t, caption: `Headline measures, ${o.window}: mean (difference from the baseline [90% interval])` },
    charts: o.charts,
    manifest: o.manifest,
    links: o.links,
    ...(u ? { sections: [decisionSection(u, o.window), ...(o.flips !== undefined ? [flipsSection(o.flips)] : [])] } : {}),
  });
}
