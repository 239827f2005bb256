/**
 * `tipsim compare --uncertainty`: the runs of a comparison under uncertainty, and
 * what is reported of them. Each run draws a particle of the calibration's posterior
 * and the levers' unit costs and effect sizes from their ranges (data/levers.json,
 * or a file of the same form), in the design of engine/compare/uncertainty.ts; every
 * scenario runs with the same draws and seeds.
 */
import { dirname, resolve } from 'node:path';
import { seedKey } from '../../core/rng.ts';
import { HEADLINES } from '../../compare/headline.ts';
import type { CompareResult, ComparisonRow } from '../../compare/compare.ts';
import { meanInterval, type Interval } from '../../compare/paired.ts';
import { ARMS, SOURCES, decide, drawMeans, makeDesign, uncertainDifference, type Decision, type Design, type UncertainDifference } from '../../compare/uncertainty.ts';
import { leverEvidence, leverInputs, loadLeverEvidence } from '../../scenario/lever-evidence.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { checkPosterior, loadPosterior, runInputsEnsemble, type Posterior, type PosteriorBatch } from '../../../calibration/posterior.ts';
import { drawByWeight } from '../../../calibration/apply.ts';
import type { ReplicateResult } from '../../model/step.ts';
import { msg } from '../../messages.ts';
import { formatShort } from '../../core/outputs.ts';

export interface UncertaintySetup {
  posterior: Posterior;
  /** The lever evidence file read, or undefined for the bundled data/levers.json. */
  leversFile?: string;
  inputs: ReturnType<typeof leverInputs>;
  design: Design;
  /** Per scenario: what its runs set (the posterior's parameters, then the lever inputs it has), and the values it holds. */
  batches: PosteriorBatch[];
}

type LeverInput = ReturnType<typeof leverInputs>[number];

/** Whether the scenario has what the input sets: a lever's inputs apply only where the scenario uses the lever. */
function applies(scenario: Scenario, input: LeverInput): boolean {
  return input.paths.every((path) => {
    const m = /^levers\.([a-z_]+)\./.exec(path);
    return !m || scenario.levers?.[m[1] as keyof NonNullable<Scenario['levers']>] !== undefined;
  });
}

/** The scenario with every lever it uses holding an explicit unit cost and effect, so that both can be set. */
function withLeverDefaults(scenario: Scenario, inputs: LeverInput[]): Scenario {
  const s = structuredClone(scenario);
  for (const input of inputs) {
    if (!applies(s, input)) continue;
    const lever = (s.levers as Record<string, Record<string, unknown>> | undefined)?.[input.lever];
    if (!lever) continue;
    if (input.kind === 'unit_cost' && lever.unit_cost === undefined) lever.unit_cost = input.value;
    if (input.kind === 'effect' && input.paths.includes(`levers.${input.lever}.effect`) && lever.effect === undefined) lever.effect = 1;
  }
  return s;
}

/**
 * Reads the posterior (the --posterior file, else the one the baseline was
 * calibrated with) and the lever evidence, checks every scenario against the
 * posterior, and lays out the design: `draws` draws of four runs each.
 */
export function prepareUncertainty(o: {
  scenarios: Scenario[];
  files: string[];
  posteriorFile?: string;
  leversFile?: string;
  draws: number;
  seed: number;
}): UncertaintySetup {
  const base = o.scenarios[0];
  const posteriorFile = o.posteriorFile ?? (base.calibration ? resolve(dirname(o.files[0]), base.calibration.posterior) : undefined);
  if (!posteriorFile) throw new Error('no posterior');
  const posterior = loadPosterior(posteriorFile);
  const evidence = o.leversFile ? loadLeverEvidence(o.leversFile) : leverEvidence();
  const inputs = leverInputs(evidence);
  const particles = drawByWeight(posterior.weights, 2 * o.draws, seedKey(o.seed, 'uncertainty', 'posterior'));
  const design = makeDesign({ draws: o.draws, seed: o.seed, particles, inputs });
  const batches = o.scenarios.map((raw, i): PosteriorBatch => {
    const held = checkPosterior(posterior, raw, o.files[i]);
    const scenario = withLeverDefaults(raw, inputs);
    const used = inputs.map((p, j) => (applies(scenario, p) ? j : -1)).filter((j) => j >= 0);
    const thetas: Record<number, number[]> = {};
    design.particle.forEach((particle, r) => {
      thetas[r] = [...posterior.thetas[particle], ...used.map((j) => design.levers[r][j])];
    });
    return { scenario, priors: [...posterior.priors, ...used.map((j) => inputs[j])], thetas, held };
  });
  return { posterior, leversFile: o.leversFile, inputs, design, batches };
}

/** Runs replicates of scenario i of the design. */
export function runUncertain(u: UncertaintySetup, i: number, replicates: number[], workers: number, onProgress?: (done: number) => void): Promise<ReplicateResult[]> {
  return runInputsEnsemble({ ...u.batches[i], replicates, workers, onProgress });
}

export interface UncertaintyRow {
  scenario: string;
  metric: string;
  /** The measure's level (its mean with a 90% interval over draws). */
  level: Interval;
  /** Its difference from the baseline, run by run (for the baseline, its level). */
  summary: UncertainDifference;
}

/** The measure the decision compares: true victims averted per million EUR of extra cost. */
export const DECISION_MEASURE = 'averted_per_million';

export interface UncertaintyReport {
  rows: UncertaintyRow[];
  decision: Decision;
}

/**
 * Per scenario and headline measure: the difference from the baseline of every run
 * (for the baseline, its own values), summarised with its spread and the variance
 * by source; and the decision among the scenarios that cost more than the baseline,
 * on victims averted per million EUR, per draw from the two runs that share its
 * inputs (arms A and D).
 */
export function uncertaintyReport(result: CompareResult, seed: number): UncertaintyReport {
  const base = result.runs[0];
  const k = (name: string) => HEADLINES.findIndex((h) => h.name === name);
  const tv = k('true_victims'), cost = k('cost');
  const rows: UncertaintyRow[] = [];
  for (const [i, run] of result.runs.entries()) {
    HEADLINES.forEach((h, m) => {
      const y = run.headline.map((x, r) => (i === 0 ? x[m] : x[m] - base.headline[r][m]));
      const level = meanInterval(drawMeans(run.headline.map((x) => x[m])));
      rows.push({ scenario: run.name, metric: h.name, level, summary: uncertainDifference(y, seedKey(seed, 'bootstrap', run.name, h.name)) });
    });
    if (i === 0) continue;
    const ratio = run.headline.map((x, r) => {
      const extra = (x[cost] - base.headline[r][cost]) / 1e6;
      return extra > 0 ? (base.headline[r][tv] - x[tv]) / extra : NaN;
    });
    if (ratio.every(Number.isFinite)) {
      const summary = uncertainDifference(ratio, seedKey(seed, 'bootstrap', run.name, DECISION_MEASURE));
      rows.push({ scenario: run.name, metric: DECISION_MEASURE, level: summary.mean, summary });
    }
  }
  const draws = Math.floor(base.headline.length / ARMS);
  const options = result.runs.slice(1).filter((run) => run.headline.every((x, r) => x[cost] - base.headline[r][cost] > 0));
  const values = options.map((run) =>
    Float64Array.from({ length: draws }, (_, d) => {
      const arms = [ARMS * d, ARMS * d + 3];
      const averted = arms.reduce((a, r) => a + base.headline[r][tv] - run.headline[r][tv], 0);
      const extra = arms.reduce((a, r) => a + (run.headline[r][cost] - base.headline[r][cost]) / 1e6, 0);
      return averted / extra;
    }),
  );
  return { rows, decision: decide(options.map((r) => r.name), values) };
}

/**
 * The comparison's rows with their intervals taken over draws (a draw's four runs
 * share inputs, so runs are not independent): each level's mean and 90% interval,
 * each difference's mean and 90% interval. Rows are changed in place.
 */
export function intervalsOverDraws(rows: ComparisonRow[], report: UncertaintyReport): void {
  for (const row of rows) {
    const u = report.rows.find((x) => x.scenario === row.scenario && x.metric === row.metric);
    if (!u) continue;
    Object.assign(row, { mean: u.level.mean, lo: u.level.lo, hi: u.level.hi });
    if (row.metric === DECISION_MEASURE || row.scenario === report.rows[0].scenario) continue;
    Object.assign(row, { diff: u.summary.mean.mean, diff_lo: u.summary.mean.lo, diff_hi: u.summary.mean.hi });
  }
}

/** Columns comparison.csv gains under uncertainty: the 5% and 95% quantiles of the runs' differences. */
export const UNCERTAINTY_COLUMNS = ['diff_p5', 'diff_p95'] as const;

/** comparison.csv under uncertainty: the usual columns, then the spread of the runs' differences (for the baseline, of its values). */
export function uncertaintyCsv(rows: ComparisonRow[], report: UncertaintyReport, cols: (keyof ComparisonRow)[], cell: (v: unknown) => string): string {
  const lines = [[...cols, ...UNCERTAINTY_COLUMNS].join(',')];
  for (const row of rows) {
    const d = report.rows.find((x) => x.scenario === row.scenario && x.metric === row.metric)?.summary;
    lines.push([...cols.map((c) => cell(row[c])), cell(d ? d.p5 : NaN), cell(d ? d.p95 : NaN)].join(','));
  }
  return lines.join('\n') + '\n';
}

/** variance.csv: per scenario, measure and source, the share of the variance of the runs' differences and its 90% bootstrap interval. */
export function varianceCsv(report: UncertaintyReport, cell: (v: unknown) => string): string {
  const lines = ['scenario,metric,source,share,lo,hi'];
  for (const r of report.rows)
    for (const source of SOURCES) lines.push([r.scenario, r.metric, source, r.summary.shares[source], ...r.summary.sharesInterval[source]].map(cell).join(','));
  return lines.join('\n') + '\n';
}

/** decision.csv: per option, the probability it is the most cost-effective, its expected loss, its mean value, and the probability of each rank. */
export function decisionCsv(d: Decision, cell: (v: unknown) => string): string {
  const ranks = d.options.map((_, k) => `p_rank_${k + 1}`);
  const lines = [['scenario', 'measure', 'p_best', 'expected_loss', 'mean', ...ranks].join(',')];
  d.options.forEach((name, i) => lines.push([name, DECISION_MEASURE, d.pBest[i], d.loss[i], d.mean[i], ...d.rank[i]].map(cell).join(',')));
  return lines.join('\n') + '\n';
}

/** What the terminal shows under uncertainty: the decision and where the variance of true victims averted comes from. */
export function uncertaintyText(report: UncertaintyReport, draws: number, window: string): string {
  const d = report.decision;
  const fmt = formatShort;
  const lines = [msg.uncertaintyHeader(new Set(report.rows.map((r) => r.scenario)).size, draws, window), msg.decisionHeader(DECISION_MEASURE, d.draws)];
  const order = d.options.map((_, i) => i).sort((a, b) => d.pBest[b] - d.pBest[a] || d.mean[b] - d.mean[a]);
  const head = ['scenario', 'P(best)', 'expected loss', 'mean'];
  const body = order.map((i) => [d.options[i], `${Math.round(d.pBest[i] * 100)}%`, fmt(d.loss[i]), fmt(d.mean[i])]);
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  for (const cells of [head, ...body]) lines.push('  ' + cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '));
  lines.push(msg.decisionEvpi(fmt(d.evpi)));
  for (const r of report.rows)
    if (r.metric === 'true_victims' && r.scenario !== report.rows[0].scenario) {
      const s = r.summary.shares, iv = r.summary.sharesInterval;
      lines.push(msg.uncertaintyShares(r.scenario, 'true victims averted', [s.posterior, ...iv.posterior], [s.levers, ...iv.levers], [s.interaction, ...iv.interaction], [s.noise, ...iv.noise]));
    }
  return lines.join('\n');
}
