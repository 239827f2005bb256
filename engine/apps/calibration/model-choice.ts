/**
 * ABC model choice between the calibration's models (adaptation on and off), and
 * its power: can the figures tell the models apart at all?
 *
 * Rejection model choice (Pritchard et al. 1999; Grelaud et al. 2009), as the
 * calibration's report does it (report.ts modelChoice): a reference table of N
 * simulations per model, each from a draw of that model's prior (its fixed
 * parameters at their baseline values, as calibration/config.yaml says); the
 * statistics compared as the calibration compares them (statistics.ts: log(1 + x),
 * each divided by its spread, the MAD across the pooled table, root mean square);
 * the simulations closest to a data set (under the pooled q-quantile of their
 * distances, about q × 2N of them) vote, and a model's posterior probability is its
 * share of them (equal prior probabilities: equal numbers from each model).
 *
 * Power, as the R package abc's cv4postpr does it: leave-one-out cross-validation.
 * The first M simulations of each model's table are, in turn, pseudo-observed
 * data, classified against the rest of the table; the model with the larger
 * posterior probability is chosen (a tie goes to the model of the nearest
 * simulation). A confusion matrix (true model × chosen model) and the mean
 * posterior probability of the true model say how often, and how surely, data like
 * the article's would name the model that made them. The same rule applied to the
 * real figures gives their posterior model probability.
 *
 * Reproducible: draw i of model m comes from its own stream of the seed tree (seed,
 * 'model-choice', m, i), whatever the number of workers.
 */
import { Stream, seedKey } from '../../kernel/rng.ts';
import { modelChoice, type ModelChoiceRow } from './results.ts';
import { priorQuantile, type Prior, type Target } from './setup.ts';
import type { SimulateBatch } from './sbc.ts';
import { distance, statisticScales } from './statistics.ts';

export interface ChoiceModel {
  name: string;
  /** The model's free parameters (its fixed ones are not among them). */
  priors: Prior[];
  simulate: SimulateBatch;
}

export interface ReferenceTable {
  model: string;
  thetas: number[][];
  statistics: number[][];
}

export interface ModelChoiceOptions {
  models: ChoiceModel[];
  /** The statistics' figures; their values are the real data the models are chosen for. */
  targets: Target[];
  seed: number | string;
  /** Simulations per model in the reference table. */
  reference: number;
  /** Pseudo-observed data sets per model (leave-one-out from the table): at most reference − 1. */
  pseudo: number;
  /** Shares of the pooled table that vote (default 0.05, 0.1, 0.2, as the calibration's report); the first is the main one. */
  quantiles?: number[];
  /** Resuming: tables already simulated (by model name). */
  tables?: ReferenceTable[];
  onTable?: (t: ReferenceTable) => void;
}

/** One pseudo-observed data set's classification at one quantile. */
export interface PseudoRow {
  model: string;
  index: number;
  quantile: number;
  /** Posterior probability of each model, in model order. */
  probabilities: number[];
  chosen: string;
}

export interface Confusion {
  quantile: number;
  models: string[];
  /** counts[true model][chosen model]. */
  counts: number[][];
  /** Mean posterior probability of the true model, per true model. */
  meanProbability: number[];
  /** Share of pseudo-observed data sets whose model is chosen. */
  accuracy: number;
}

export interface ModelChoiceResult {
  models: string[];
  quantiles: number[];
  tables: ReferenceTable[];
  scales: number[];
  confusion: Confusion[];
  pseudo: PseudoRow[];
  /** The real figures: posterior probability of each model with a 90% Wilson interval, per quantile. */
  observed: ModelChoiceRow[];
  /** Simulations run for this result (tables resumed are not counted). */
  simulations: number;
}

/** Model m's reference table: n draws from its prior, each simulated with its own seed. */
export async function referenceTable(m: ChoiceModel, n: number, seed: number | string): Promise<ReferenceTable> {
  const thetas = Array.from({ length: n }, (_, i) => {
    const draw = Stream.fromKey(seedKey(seed, 'model-choice', m.name, i, 'theta'));
    return m.priors.map((p) => priorQuantile(p, draw.uniform()));
  });
  const stats = await m.simulate(
    thetas,
    thetas.map((_, i) => seedKey(seed, 'model-choice', m.name, i)),
  );
  return { model: m.name, thetas, statistics: stats.map((s) => Array.from(s)) };
}

/**
 * Posterior model probabilities of one data set (the targets' values) from the
 * reference tables, per quantile, leaving out one simulation if asked; and the
 * model chosen at each quantile (largest probability; a tie goes to the model of
 * the nearest simulation).
 */
export function classify(
  tables: { model: string; statistics: Float64Array[] }[],
  scales: Float64Array,
  data: Target[],
  quantiles: number[],
  exclude?: { table: number; index: number },
): { rows: ModelChoiceRow[]; chosen: number[] } {
  const models = tables.map((t, m) => ({
    name: t.model,
    distances: t.statistics.flatMap((s, i) => (m === exclude?.table && i === exclude.index ? [] : [distance(s, data, scales)])),
  }));
  const rows = modelChoice(models, quantiles);
  // modelChoice uses the first n of each model's distances (n the smallest table): so does the tie-break.
  const n = Math.min(...models.map((m) => m.distances.length));
  const nearest = models.map((m) => Math.min(...m.distances.slice(0, n)));
  const chosen = quantiles.map((_, q) => {
    const probs = rows.slice(q * models.length, (q + 1) * models.length).map((r) => r.probability);
    let best = 0;
    for (let m = 1; m < probs.length; m++) if (probs[m] > probs[best] || (probs[m] === probs[best] && nearest[m] < nearest[best])) best = m;
    return best;
  });
  return { rows, chosen };
}

export async function runModelChoice(o: ModelChoiceOptions): Promise<ModelChoiceResult> {
  const quantiles = o.quantiles ?? [0.05, 0.1, 0.2];
  if (o.models.length < 2) throw new RangeError('model choice: expected at least two models');
  if (!(o.pseudo >= 1 && o.pseudo < o.reference))
    throw new RangeError(
      `model choice: expected 1 to ${o.reference - 1} pseudo-observed data sets per model (fewer than the table's ${o.reference}), found ${o.pseudo}`,
    );
  let simulations = 0;
  const tables: ReferenceTable[] = [];
  for (const m of o.models) {
    let table = o.tables?.find((t) => t.model === m.name && t.thetas.length === o.reference);
    if (!table) {
      table = await referenceTable(m, o.reference, o.seed);
      simulations += o.reference;
      o.onTable?.(table);
    }
    tables.push(table);
  }
  // A table read back from JSON has null where a statistic was NaN.
  const typed = tables.map((t) => ({ model: t.model, statistics: t.statistics.map((s) => Float64Array.from(s, (v) => v ?? NaN)) }));
  const scales = statisticScales(
    typed.flatMap((t) => t.statistics),
    o.targets,
  );
  const names = o.models.map((m) => m.name);
  const K = names.length;
  const counts = quantiles.map(() => names.map(() => new Array<number>(K).fill(0)));
  const probabilitySums = quantiles.map(() => new Array<number>(K).fill(0));
  const pseudo: PseudoRow[] = [];
  typed.forEach((t, m) => {
    for (let i = 0; i < o.pseudo; i++) {
      const data = o.targets.map((target, j) => ({ ...target, value: t.statistics[i][j] }));
      const { rows, chosen } = classify(typed, scales, data, quantiles, { table: m, index: i });
      quantiles.forEach((q, qi) => {
        const probabilities = rows.slice(qi * K, (qi + 1) * K).map((r) => r.probability);
        counts[qi][m][chosen[qi]]++;
        probabilitySums[qi][m] += probabilities[m];
        pseudo.push({ model: names[m], index: i, quantile: q, probabilities, chosen: names[chosen[qi]] });
      });
    }
  });
  const confusion = quantiles.map((quantile, qi) => ({
    quantile,
    models: names,
    counts: counts[qi],
    meanProbability: probabilitySums[qi].map((s) => s / o.pseudo),
    accuracy: counts[qi].reduce((a, row, m) => a + row[m], 0) / (K * o.pseudo),
  }));
  const observed = classify(typed, scales, o.targets, quantiles).rows;
  return { models: names, quantiles, tables, scales: Array.from(scales), confusion, pseudo, observed, simulations };
}
