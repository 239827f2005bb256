/**
 * `tipsim compare --uncertainty`: the runs of a comparison under uncertainty, and
 * what is reported of them. Each run draws a particle of the calibration's posterior
 * and the levers' unit costs and effect sizes from their ranges (data/levers.json,
 * or a file of the same form), in the design of engine/apps/compare/uncertainty.ts; every
 * scenario runs with the same draws and seeds.
 */
import { dirname, resolve } from 'node:path';
import { seedKey } from '../../kernel/rng.ts';
import type { ComparisonRow } from '../../apps/compare/comparison.ts';
import {
  ARMS,
  ARM_NAMES,
  DECISION_MEASURE,
  FLIP_MIN_DRAWS,
  evppi,
  SOURCES,
  makeDesign,
  optionOrder,
  type Decision,
  type Design,
  type RankingFlip,
  type UncertaintyReport,
} from '../../apps/compare/uncertainty.ts';
import type { PrimData } from '../../apps/compare/prim.ts';
import { sensitivityIndices, sensitivityPlan, type SensitivityPlan } from '../../apps/compare/sensitivity.ts';
import type { SobolResult } from '../../apps/compare/sobol.ts';
import { HEADLINES, avertedPerMillion, headlines, type Window } from '../../apps/compare/headline.ts';
import { resolveParams } from '../../model/params.ts';
import { CHUNK, type CompareResult } from '../../apps/compare/comparison.ts';
import { leverEvidence, leverInputs, loadLeverEvidence } from '../../kernel/scenario/lever-evidence.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';
import { checkPosterior, loadPosterior, runInputsEnsemble, type Posterior, type PosteriorBatch } from '../../apps/calibration/posterior.ts';
import { drawByWeight } from '../../apps/calibration/draw.ts';
import type { ReplicateResult } from '../../model/step.ts';
import { msg } from '../../kernel/messages.ts';
import { formatShort } from '../../runner/outputs.ts';

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

/** The names of every input a run draws: the posterior's parameters, then the lever inputs. */
const inputNames = (u: UncertaintySetup) => [...u.posterior.priors.map((p) => p.name), ...u.inputs.map((p) => p.name)];

/** The values of every input replicate r of the design draws, in inputNames order. */
const inputValues = (u: UncertaintySetup, r: number) => [...u.posterior.thetas[u.design.particle[r]], ...u.design.levers[r]];

/** The names of the lever inputs scenario i of the design uses. */
const leverInputsOf = (u: UncertaintySetup, i: number) => new Set(u.batches[i].priors.slice(u.posterior.priors.length).map((p) => p.name));

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
export function runUncertain(
  u: UncertaintySetup,
  i: number,
  replicates: number[],
  workers: number,
  onProgress?: (done: number) => void,
): Promise<ReplicateResult[]> {
  return runInputsEnsemble({ ...u.batches[i], replicates, workers, onProgress });
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
export function uncertaintyCsv(
  rows: ComparisonRow[],
  report: UncertaintyReport,
  cols: (keyof ComparisonRow)[],
  cell: (v: unknown) => string,
): string {
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
    for (const source of SOURCES)
      lines.push([r.scenario, r.metric, source, r.summary.shares[source], ...r.summary.sharesInterval[source]].map(cell).join(','));
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
export function uncertaintyText(
  report: UncertaintyReport,
  draws: number,
  window: string,
  flips: RankingFlip[],
  partial: { input: string; evppi: number }[],
): string {
  const d = report.decision;
  const fmt = formatShort;
  const lines = [
    msg.uncertaintyHeader(new Set(report.rows.map((r) => r.scenario)).size, draws, window, FLIP_MIN_DRAWS),
    msg.decisionHeader(DECISION_MEASURE, d.draws),
  ];
  const order = optionOrder(d);
  const head = ['scenario', 'P(best)', 'expected loss', 'mean'];
  const body = order.map((i) => [d.options[i], `${Math.round(d.pBest[i] * 100)}%`, fmt(d.loss[i]), fmt(d.mean[i])]);
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  for (const cells of [head, ...body])
    lines.push('  ' + cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '));
  lines.push(msg.decisionEvpi(fmt(d.evpi)));
  if (partial.length)
    lines.push(
      msg.decisionEvppi(
        partial
          .slice(0, 3)
          .map((p) => `${p.input} ${fmt(p.evppi)}`)
          .join(', '),
      ),
    );
  for (const r of report.rows)
    if (r.metric === 'true_victims' && r.scenario !== report.rows[0].scenario) {
      const s = r.summary.shares,
        iv = r.summary.sharesInterval;
      lines.push(
        msg.uncertaintyShares(
          r.scenario,
          'true victims averted',
          [s.posterior, ...iv.posterior],
          [s.levers, ...iv.levers],
          [s.interaction, ...iv.interaction],
          [s.noise, ...iv.noise],
        ),
      );
    }
  if (report.decision.options.length > 1)
    lines.push(
      ...(draws < FLIP_MIN_DRAWS
        ? [msg.flipsTooFewDraws(draws, FLIP_MIN_DRAWS)]
        : flips.length
          ? flips.map((f) => `  ${f.text}`)
          : [msg.noFlips()]),
    );
  return lines.join('\n');
}

/**
 * The inputs of each draw for the search for where the ranking flips between two
 * scenarios: the posterior's parameters of the draw's particle (arm A), then the
 * lever inputs of arm A that either scenario uses, by name.
 */
export function drawInputs(u: UncertaintySetup, names: string[]): (a: string, b: string) => PrimData {
  const all = inputNames(u);
  const k = u.posterior.priors.length;
  return (a, b) => {
    const [ua, ub] = [a, b].map((name) => leverInputsOf(u, names.indexOf(name)));
    const keep = all.map((_, j) => j).filter((j) => j < k || ua.has(all[j]) || ub.has(all[j]));
    const rows = Array.from({ length: u.design.draws }, (_, d) => {
      const values = inputValues(u, ARMS * d);
      return Float64Array.from(keep, (j) => values[j]);
    });
    return { names: keep.map((j) => all[j]), rows };
  };
}

/**
 * runs.csv: one row per scenario and run, with its draw and arm, the posterior
 * particle and every drawn input, and the run's headline measures, for analyses of
 * one's own (a metamodel, another scenario discovery).
 */
export function runsCsv(u: UncertaintySetup, result: CompareResult, cell: (v: unknown) => string): string {
  const lines = [['scenario', 'replicate', 'draw', 'arm', 'particle', ...inputNames(u), ...HEADLINES.map((h) => h.name)].join(',')];
  for (const run of result.runs)
    run.headline.forEach((h, r) => {
      lines.push(
        [run.name, r, Math.floor(r / ARMS), ARM_NAMES[r % ARMS], u.posterior.particles[u.design.particle[r]], ...inputValues(u, r), ...h]
          .map(cell)
          .join(','),
      );
    });
  return lines.join('\n') + '\n';
}

/** flips.csv: per challenger, the box where it beats the leader: each restricted input's limits, with the box's coverage, density and mass. */
export function flipsCsv(flips: RankingFlip[], cell: (v: unknown) => string): string {
  const lines = ['leader,challenger,cases,draws,input,low,high,coverage,density,mass'];
  for (const f of flips) {
    const b = f.prim.box;
    const limits = b.limits.length ? b.limits : [undefined];
    for (const l of limits)
      lines.push(
        [f.leader, f.challenger, f.cases, f.draws, l?.name ?? '', l ? l.low : NaN, l ? l.high : NaN, b.coverage, b.density, b.mass]
          .map(cell)
          .join(','),
      );
  }
  return lines.join('\n') + '\n';
}

export interface SensitivityRun {
  leader: string;
  runnerUp: string;
  plan: SensitivityPlan;
  result: SobolResult;
}

/**
 * Sobol' indices of the decision between the two options most often best (then by
 * mean): the difference in victims averted per million EUR, leader − runner-up, over
 * the posterior (one group), the lever inputs either uses, and chance, on a Saltelli
 * design of n base rows run on the baseline and the two (engine/apps/compare/sensitivity.ts).
 * Undefined when fewer than two options spend more than the baseline.
 */
export async function runSensitivity(o: {
  u: UncertaintySetup;
  report: UncertaintyReport;
  names: string[];
  n: number;
  seed: number;
  window: Window;
  workers: number;
  progress: (label: string, total: number) => { update(done: number): void; done(): void };
}): Promise<SensitivityRun | undefined> {
  const d = o.report.decision;
  if (d.options.length < 2) return undefined;
  const order = optionOrder(d);
  const pair = [d.options[order[0]], d.options[order[1]]];
  const index = [0, ...pair.map((name) => o.names.indexOf(name))];
  const k = o.u.posterior.priors.length;
  const used = [leverInputsOf(o.u, index[1]), leverInputsOf(o.u, index[2])];
  const chosen = o.u.inputs.filter((p) => used[0].has(p.name) || used[1].has(p.name));
  const plan = sensitivityPlan({ n: o.n, seed: o.seed, weights: o.u.posterior.weights, inputs: chosen });
  const rows = plan.particle.length;
  const tasks = Array.from({ length: rows }, (_, j) => j);
  const measures: Float64Array[][] = [];
  for (const i of index) {
    const batch = o.u.batches[i];
    const names = batch.priors.slice(k).map((p) => p.name);
    // Every input the baseline uses (none of a lever's) is used by both scenarios too.
    const at = names.map((name) => chosen.findIndex((p) => p.name === name));
    if (at.some((c) => c < 0)) throw new Error(`sensitivity: ${batch.scenario.name} uses an input neither compared scenario uses`);
    const thetas: Record<number, number[]> = {};
    const seeds: Record<number, number> = {};
    for (const j of tasks) {
      thetas[j] = [...o.u.posterior.thetas[plan.particle[j]], ...at.map((c) => plan.levers[j][c])];
      seeds[j] = plan.seed[j];
    }
    const progress = o.progress(`sensitivity, ${batch.scenario.name}: runs 0-${rows - 1}`, rows);
    const report = resolveParams(batch.scenario).report;
    const measured: Float64Array[] = [];
    // In chunks, so that only a chunk's monthly series are held at once.
    for (let at = 0; at < rows; at += CHUNK) {
      const chunk = tasks.slice(at, at + CHUNK);
      const results = await runInputsEnsemble({
        ...batch,
        thetas,
        seeds,
        replicates: chunk,
        workers: o.workers,
        onProgress: (n) => progress.update(at + n),
      });
      for (const r of results) measured.push(headlines(r, report, o.window));
    }
    progress.done();
    measures.push(measured);
  }
  const y = tasks.map((j) => avertedPerMillion(measures[0][j], measures[1][j]) - avertedPerMillion(measures[0][j], measures[2][j]));
  return { leader: pair[0], runnerUp: pair[1], plan, result: sensitivityIndices(plan, y, seedKey(o.seed, 'sensitivity', 'bootstrap')) };
}

/** sobol.csv: per input, the first-order and total indices of the decision with their 90% bootstrap intervals. */
export function sobolCsv(s: SensitivityRun, cell: (v: unknown) => string): string {
  const lines = ['leader,runner_up,input,first,first_lo,first_hi,total,total_lo,total_hi'];
  s.result.indices.forEach((ix, i) =>
    lines.push(
      [s.leader, s.runnerUp, s.plan.names[i], ix.first, ix.firstLow, ix.firstHigh, ix.total, ix.totalLow, ix.totalHigh].map(cell).join(','),
    ),
  );
  return lines.join('\n') + '\n';
}

/** The terminal's lines on the decision's sensitivity: the inputs that matter most by total index. */
export function sensitivityText(s: SensitivityRun): string {
  const order = s.result.indices.map((_, i) => i).sort((a, b) => s.result.indices[b].total - s.result.indices[a].total);
  const top = order.slice(0, 5).map((i) => {
    const ix = s.result.indices[i];
    return `  ${s.plan.names[i]}: total ${formatShort(ix.total)} [${formatShort(ix.totalLow)}, ${formatShort(ix.totalHigh)}], first order ${formatShort(ix.first)}`;
  });
  return [msg.sensitivityHeader(s.leader, s.runnerUp, s.result.n, s.plan.particle.length), ...top].join('\n');
}

/**
 * The expected value of partial perfect information of every input drawn (each
 * posterior parameter and each lever input, arm A of each draw), largest first; none
 * with fewer draws than the search for flips needs.
 */
export function partialInformation(u: UncertaintySetup, report: UncertaintyReport): { input: string; evppi: number }[] {
  if (report.decision.options.length < 2 || u.design.draws < FLIP_MIN_DRAWS) return [];
  const rows = Array.from({ length: u.design.draws }, (_, d) => inputValues(u, ARMS * d));
  return inputNames(u)
    .map((input, j) => ({
      input,
      evppi: evppi(
        report.values,
        Float64Array.from(rows, (row) => row[j]),
      ),
    }))
    .sort((a, b) => b.evppi - a.evppi);
}

/** evppi.csv: per input, the expected value of partial perfect information, in victims averted per million EUR. */
export function evppiCsv(rows: { input: string; evppi: number }[], cell: (v: unknown) => string): string {
  return ['input,evppi', ...rows.map((r) => [r.input, r.evppi].map(cell).join(','))].join('\n') + '\n';
}

/**
 * The files a comparison under uncertainty writes besides comparison.csv, each with
 * the report's label for its link: what is listed in the manifest, written and
 * linked comes from this one list.
 */
export function uncertaintyFiles(o: {
  u: UncertaintySetup;
  report: UncertaintyReport;
  result: CompareResult;
  flips: RankingFlip[];
  sensitivity?: SensitivityRun;
  partial: { input: string; evppi: number }[];
  cell: (v: unknown) => string;
}): { name: string; label: string; text: () => string }[] {
  const { cell } = o;
  return [
    {
      name: 'decision.csv',
      label: 'decision.csv: probability of being the most cost-effective, of each rank, and expected loss',
      text: () => decisionCsv(o.report.decision, cell),
    },
    {
      name: 'variance.csv',
      label: 'variance.csv: share of the variance by source, with 90% bootstrap intervals',
      text: () => varianceCsv(o.report, cell),
    },
    {
      name: 'runs.csv',
      label: 'runs.csv: every run with its draw, arm, particle, inputs and headline measures',
      text: () => runsCsv(o.u, o.result, cell),
    },
    ...(o.flips.length
      ? [{ name: 'flips.csv', label: 'flips.csv: where the ranking flips (PRIM boxes)', text: () => flipsCsv(o.flips, cell) }]
      : []),
    ...(o.sensitivity
      ? [
          {
            name: 'sobol.csv',
            label: "sobol.csv: Sobol' indices of the decision between the two leading scenarios",
            text: () => sobolCsv(o.sensitivity!, cell),
          },
        ]
      : []),
    ...(o.partial.length
      ? [
          {
            name: 'evppi.csv',
            label: 'evppi.csv: the expected value of partial perfect information of each input',
            text: () => evppiCsv(o.partial, cell),
          },
        ]
      : []),
  ];
}
