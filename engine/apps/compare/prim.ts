/**
 * PRIM, the Patient Rule Induction Method, for scenario discovery on continuous inputs.
 *
 * Given the inputs of many model runs ("draws") and a yes/no outcome per draw (the
 * "cases of interest", e.g. the policy ranking flips), PRIM looks for a box, a set of
 * intervals on a few inputs, inside which the cases of interest are concentrated.
 *
 * Method (Friedman & Fisher 1999), as in the EMA Workbench's `Prim` class
 * (ema_workbench/analysis/prim.py), reduced to continuous inputs and one box:
 *  1. Peeling. Start from the box holding all the data. For every input j, two
 *     candidate peels: raise the lower limit to the peelAlpha-quantile of x_j among
 *     the rows in the box, or lower the upper limit to the (1 − peelAlpha)-quantile.
 *     Quantiles follow the workbench's `get_quantile` (sdtoolkit convention: the
 *     midpoint between the order statistics around (m − 1)·alpha, moved outward past
 *     tied values, so a limit always falls between two distinct data values). Take the
 *     candidate whose remaining box has the highest mean outcome (density): this is the
 *     workbench's ORIGINAL objective, "the mean of the data inside the box", not the
 *     LENIENT1 "gain in mean per removed point". For continuous inputs each peel removes
 *     about the same number of rows, so the two rank candidates alike. Stop when the
 *     best peel would leave a box whose mass (share of all rows inside) is below
 *     massMin, or when it leaves no case of interest in the box. Every accepted box is
 *     recorded on the peeling trajectory.
 *  2. Selection. The chosen box is the trajectory box with the highest coverage among
 *     those whose density is at least `threshold` (ties: the higher density, then the
 *     earlier box); if no box reaches the threshold, the last box of the trajectory.
 *     (The workbench leaves this choice to the analyst via `inspect_tradeoff`/`select`;
 *     the coverage-density rule follows Bryant & Lempert 2010.)
 *  3. Pasting. From the chosen box, repeatedly widen one restricted limit by the
 *     pasteAlpha-quantile of the slab of data just outside it (the rows beyond that
 *     limit that lie inside the box on every other input, as `_real_paste` does), taking
 *     the candidate with the highest resulting density, as long as the density does not
 *     fall (the workbench requires a strict rise; we accept equality, so a pure box
 *     can grow to take in more cases at the same density). Mass always grows.
 *
 * Ties between candidate peels or pastes: the higher density; then, as in the
 * workbench, the box with fewer restricted inputs; then the lower input index; then
 * the lower limit before the upper. Everything is deterministic and pure.
 *
 * Box statistics (Bryant & Lempert 2010):
 *  - coverage: the share of all cases of interest that lie inside the box;
 *  - density: the share of rows inside the box that are cases of interest;
 *  - mass: the share of all rows that lie inside the box.
 * With no case of interest at all, coverage is reported as 0 (the workbench divides by
 * max(cases, 1)); the trajectory is then the full box alone.
 *
 * A box is closed: a row is inside when low ≤ x ≤ high on every input. An input is
 * restricted when one of its limits differs from the data's min/max.
 *
 * Options:
 *  - peelAlpha (0.05): share of the box's rows removed by one peel, in (0, 0.5);
 *  - pasteAlpha (0.05): share of the slab outside a limit added by one paste, in (0, 0.5);
 *  - massMin (0.05): smallest mass a peeled box may have, in [0, 1];
 *  - threshold (0.8): smallest density for the chosen box, in [0, 1];
 *  - paste (true): whether to paste the chosen box.
 *
 * Deviations from the workbench, both for degenerate cases only: peels that remove no
 * row (an input constant inside the box) or every row are skipped, not allowed to end
 * peeling; pastes whose slab is empty are skipped.
 *
 * References:
 *  - Friedman, J. H., & Fisher, N. I. (1999). Bump hunting in high-dimensional data.
 *    Statistics and Computing, 9(2), 123–143.
 *  - Bryant, B. P., & Lempert, R. J. (2010). Thinking inside the box: A participatory,
 *    computer-assisted approach to scenario discovery. Technological Forecasting and
 *    Social Change, 77(1), 34–49.
 *  - Kwakkel, J. H. (2017). The Exploratory Modeling Workbench. Environmental Modelling
 *    & Software, 96, 239–250; https://github.com/quaquel/EMAworkbench
 */

/** The inputs: n rows of k numbers, with the k column names. */
export interface PrimData {
  names: readonly string[];
  rows: readonly ArrayLike<number>[];
}

export interface PrimOptions {
  peelAlpha?: number;
  pasteAlpha?: number;
  massMin?: number;
  threshold?: number;
  paste?: boolean;
}

/** One restricted input of a box: rows inside satisfy low ≤ x ≤ high. */
export interface BoxLimit {
  dim: number;
  name: string;
  /** Lower limit (the data's minimum when `restrictsLow` is false). */
  low: number;
  /** Upper limit (the data's maximum when `restrictsHigh` is false). */
  high: number;
  restrictsLow: boolean;
  restrictsHigh: boolean;
}

export interface PrimBox {
  /** The restricted inputs only, by input index; the others span the data's min/max. */
  limits: BoxLimit[];
  /** Share of all cases of interest inside the box (0 when there are none). */
  coverage: number;
  /** Share of the rows inside the box that are cases of interest (0 for an empty box). */
  density: number;
  /** Share of all rows inside the box. */
  mass: number;
  /** Number of restricted inputs. */
  restrictedDims: number;
  /** Rows inside the box. */
  n: number;
  /** Cases of interest inside the box. */
  cases: number;
}

export interface PrimResult {
  names: string[];
  /** The data's minimum and maximum per input (the limits of an unrestricted input). */
  dataMin: number[];
  dataMax: number[];
  nRows: number;
  nCases: number;
  /** nCases / nRows: the density of the full box. */
  baseRate: number;
  objective: 'original';
  /** Peeling trajectory; box 0 is the full data. */
  trajectory: PrimBox[];
  /** Index in `trajectory` of the box selected by the threshold rule. */
  selected: number;
  /** Whether the selected trajectory box has density ≥ threshold. */
  meetsThreshold: boolean;
  /** The selected box after pasting (equal to trajectory[selected] without pasting). */
  box: PrimBox;
  /** Number of accepted pastes. */
  pasteSteps: number;
}

interface Prepared {
  names: string[];
  n: number;
  k: number;
  cols: Float64Array[];
  y: Uint8Array;
  min: Float64Array;
  max: Float64Array;
  totalCases: number;
}

interface Settings {
  peelAlpha: number;
  pasteAlpha: number;
  massMin: number;
  threshold: number;
  paste: boolean;
}

function settings(options: PrimOptions): Settings {
  const s: Settings = {
    peelAlpha: options.peelAlpha ?? 0.05,
    pasteAlpha: options.pasteAlpha ?? 0.05,
    massMin: options.massMin ?? 0.05,
    threshold: options.threshold ?? 0.8,
    paste: options.paste ?? true,
  };
  if (!(s.peelAlpha > 0 && s.peelAlpha < 0.5)) throw new RangeError(`prim: peelAlpha must be in (0, 0.5), found ${s.peelAlpha}`);
  if (!(s.pasteAlpha > 0 && s.pasteAlpha < 0.5)) throw new RangeError(`prim: pasteAlpha must be in (0, 0.5), found ${s.pasteAlpha}`);
  if (!(s.massMin >= 0 && s.massMin <= 1)) throw new RangeError(`prim: massMin must be in [0, 1], found ${s.massMin}`);
  if (!(s.threshold >= 0 && s.threshold <= 1)) throw new RangeError(`prim: threshold must be in [0, 1], found ${s.threshold}`);
  return s;
}

function prepare(data: PrimData, outcome: ArrayLike<boolean>): Prepared {
  const names = [...data.names];
  const k = names.length;
  const n = data.rows.length;
  if (k === 0) throw new RangeError('prim: at least one input column is needed');
  if (n === 0) throw new RangeError('prim: at least one row is needed');
  if (outcome.length !== n) throw new RangeError(`prim: ${n} rows but ${outcome.length} outcomes`);
  const cols = names.map(() => new Float64Array(n));
  for (let r = 0; r < n; r++) {
    const row = data.rows[r];
    if (row.length !== k) throw new RangeError(`prim: row ${r} has ${row.length} values, expected ${k}`);
    for (let j = 0; j < k; j++) {
      const v = row[j];
      if (!Number.isFinite(v)) throw new RangeError(`prim: row ${r}, input ${names[j]} is not a finite number (${v})`);
      cols[j][r] = v;
    }
  }
  const y = new Uint8Array(n);
  let totalCases = 0;
  for (let r = 0; r < n; r++)
    if (outcome[r]) {
      y[r] = 1;
      totalCases++;
    }
  const min = new Float64Array(k),
    max = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let lo = Infinity,
      hi = -Infinity;
    for (const v of cols[j]) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[j] = lo;
    max[j] = hi;
  }
  return { names, n, k, cols, y, min, max, totalCases };
}

/**
 * Lower quantile as the workbench's get_quantile for quantile < 0.5: the midpoint of the
 * order statistics around (m − 1)·q, with the upper one moved up past ties.
 */
function quantileLow(sorted: Float64Array, q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  let hi = Math.ceil(i);
  while (sorted[lo] === sorted[hi] && hi < sorted.length - 1) hi++;
  return (sorted[lo] + sorted[hi]) / 2;
}

/** Upper quantile as get_quantile for quantile > 0.5: the lower order statistic moves down past ties. */
function quantileHigh(sorted: Float64Array, q: number): number {
  const i = (sorted.length - 1) * q;
  let lo = Math.floor(i);
  const hi = Math.ceil(i);
  while (sorted[lo] === sorted[hi] && lo > 0) lo--;
  return (sorted[lo] + sorted[hi]) / 2;
}

function countRestricted(d: Prepared, lo: Float64Array, hi: Float64Array, j = -1, jLo = 0, jHi = 0): number {
  let c = 0;
  for (let i = 0; i < d.k; i++) {
    const l = i === j ? jLo : lo[i],
      h = i === j ? jHi : hi[i];
    if (l > d.min[i] || h < d.max[i]) c++;
  }
  return c;
}

function makeBox(d: Prepared, lo: Float64Array, hi: Float64Array, n: number, cases: number): PrimBox {
  const limits: BoxLimit[] = [];
  for (let j = 0; j < d.k; j++) {
    const restrictsLow = lo[j] > d.min[j],
      restrictsHigh = hi[j] < d.max[j];
    if (restrictsLow || restrictsHigh) limits.push({ dim: j, name: d.names[j], low: lo[j], high: hi[j], restrictsLow, restrictsHigh });
  }
  return {
    limits,
    coverage: d.totalCases > 0 ? cases / d.totalCases : 0,
    density: n > 0 ? cases / n : 0,
    mass: n / d.n,
    restrictedDims: limits.length,
    n,
    cases,
  };
}

/** A candidate peel or paste: limit `side` of input `dim` moved to `value`. */
interface Candidate {
  dim: number;
  side: 0 | 1; // 0 = lower limit, 1 = upper limit
  value: number;
  n: number;
  cases: number;
  restricted: number;
}

/** Whether candidate a beats b: higher density, then fewer restricted inputs (earlier dim/side win by iteration order). */
function better(a: Candidate, b: Candidate | null): boolean {
  if (b === null) return true;
  const da = a.cases / a.n,
    db = b.cases / b.n;
  if (da !== db) return da > db;
  return a.restricted < b.restricted;
}

function peel(d: Prepared, s: Settings): PrimBox[] {
  const lo = Float64Array.from(d.min),
    hi = Float64Array.from(d.max);
  let idx = new Int32Array(d.n);
  for (let r = 0; r < d.n; r++) idx[r] = r;
  const trajectory = [makeBox(d, lo, hi, d.n, d.totalCases)];
  let vals = new Float64Array(d.n);
  for (;;) {
    const m = idx.length;
    vals = vals.subarray(0, m);
    let best: Candidate | null = null;
    for (let j = 0; j < d.k; j++) {
      const col = d.cols[j];
      for (let r = 0; r < m; r++) vals[r] = col[idx[r]];
      vals.sort();
      for (const side of [0, 1] as const) {
        const value = side === 0 ? quantileLow(vals, s.peelAlpha) : quantileHigh(vals, 1 - s.peelAlpha);
        let n = 0,
          cases = 0;
        for (let r = 0; r < m; r++) {
          const x = col[idx[r]];
          if (side === 0 ? x >= value : x <= value) {
            n++;
            cases += d.y[idx[r]];
          }
        }
        if (n === 0 || n === m) continue; // degenerate peel: removes nothing or everything
        const restricted = side === 0 ? countRestricted(d, lo, hi, j, value, hi[j]) : countRestricted(d, lo, hi, j, lo[j], value);
        const c: Candidate = { dim: j, side, value, n, cases, restricted };
        if (better(c, best)) best = c;
      }
    }
    if (best === null || best.cases === 0 || best.n / d.n < s.massMin) break;
    const col = d.cols[best.dim];
    const next = new Int32Array(best.n);
    let w = 0;
    for (let r = 0; r < m; r++) {
      const x = col[idx[r]];
      if (best.side === 0 ? x >= best.value : x <= best.value) next[w++] = idx[r];
    }
    idx = next;
    if (best.side === 0) lo[best.dim] = best.value;
    else hi[best.dim] = best.value;
    trajectory.push(makeBox(d, lo, hi, best.n, best.cases));
  }
  return trajectory;
}

function boxArrays(d: Prepared, box: PrimBox): { lo: Float64Array; hi: Float64Array } {
  const lo = Float64Array.from(d.min),
    hi = Float64Array.from(d.max);
  for (const l of box.limits) {
    lo[l.dim] = l.low;
    hi[l.dim] = l.high;
  }
  return { lo, hi };
}

/** A box's lower and upper limits per input from its restricted `limits` (clipped to the data; the others span it). */
function limitArrays(
  d: Prepared,
  limits: readonly Pick<BoxLimit, 'dim' | 'low' | 'high'>[],
  caller: string,
): { lo: Float64Array; hi: Float64Array } {
  const lo = Float64Array.from(d.min),
    hi = Float64Array.from(d.max);
  for (const l of limits) {
    if (!(l.dim >= 0 && l.dim < d.k)) throw new RangeError(`${caller}: no input ${l.dim}`);
    lo[l.dim] = Math.max(l.low, d.min[l.dim]);
    hi[l.dim] = Math.min(l.high, d.max[l.dim]);
  }
  return { lo, hi };
}

function inside(d: Prepared, lo: Float64Array, hi: Float64Array, r: number, skip = -1): boolean {
  for (let j = 0; j < d.k; j++) {
    if (j === skip) continue;
    const x = d.cols[j][r];
    if (x < lo[j] || x > hi[j]) return false;
  }
  return true;
}

function countInside(d: Prepared, lo: Float64Array, hi: Float64Array): { n: number; cases: number } {
  let n = 0,
    cases = 0;
  for (let r = 0; r < d.n; r++)
    if (inside(d, lo, hi, r)) {
      n++;
      cases += d.y[r];
    }
  return { n, cases };
}

function pasteFrom(d: Prepared, s: Settings, lo: Float64Array, hi: Float64Array): { box: PrimBox; steps: number } {
  let cur = countInside(d, lo, hi);
  let steps = 0;
  for (;;) {
    let best: Candidate | null = null;
    for (let j = 0; j < d.k; j++) {
      const col = d.cols[j];
      for (const side of [0, 1] as const) {
        if (side === 0 ? !(lo[j] > d.min[j]) : !(hi[j] < d.max[j])) continue; // this limit is not restricted
        const slab: number[] = [];
        for (let r = 0; r < d.n; r++) {
          const x = col[r];
          if ((side === 0 ? x < lo[j] : x > hi[j]) && inside(d, lo, hi, r, j)) slab.push(x);
        }
        if (slab.length === 0) continue;
        const sorted = Float64Array.from(slab).sort();
        const value = side === 0 ? quantileHigh(sorted, 1 - s.pasteAlpha) : quantileLow(sorted, s.pasteAlpha);
        const newLo = side === 0 ? value : lo[j],
          newHi = side === 0 ? hi[j] : value;
        let n = 0,
          cases = 0;
        for (let r = 0; r < d.n; r++) {
          const x = col[r];
          if (x >= newLo && x <= newHi && inside(d, lo, hi, r, j)) {
            n++;
            cases += d.y[r];
          }
        }
        const c: Candidate = { dim: j, side, value, n, cases, restricted: countRestricted(d, lo, hi, j, newLo, newHi) };
        if (better(c, best)) best = c;
      }
    }
    if (best === null || best.n <= cur.n || best.cases / best.n < (cur.n > 0 ? cur.cases / cur.n : 0)) break;
    if (best.side === 0) lo[best.dim] = best.value;
    else hi[best.dim] = best.value;
    cur = { n: best.n, cases: best.cases };
    steps++;
  }
  return { box: makeBox(d, lo, hi, cur.n, cur.cases), steps };
}

/**
 * Index of the box with the highest coverage among those with density ≥ threshold
 * (ties: higher density, then earlier); the last box when none qualifies.
 */
export function selectBox(trajectory: readonly PrimBox[], threshold: number): number {
  let best = -1;
  for (let i = 0; i < trajectory.length; i++) {
    const b = trajectory[i];
    if (!(b.n > 0 && b.density >= threshold)) continue;
    if (best < 0) {
      best = i;
      continue;
    }
    const o = trajectory[best];
    if (b.coverage > o.coverage || (b.coverage === o.coverage && b.density > o.density)) best = i;
  }
  return best >= 0 ? best : trajectory.length - 1;
}

/** Runs PRIM: peeling trajectory, box selection by the density threshold, then pasting. */
export function prim(data: PrimData, outcome: ArrayLike<boolean>, options: PrimOptions = {}): PrimResult {
  const s = settings(options);
  const d = prepare(data, outcome);
  const trajectory = peel(d, s);
  const selected = selectBox(trajectory, s.threshold);
  const chosen = trajectory[selected];
  let box = chosen,
    pasteSteps = 0;
  if (s.paste && chosen.restrictedDims > 0 && d.totalCases > 0) {
    const { lo, hi } = boxArrays(d, chosen);
    ({ box, steps: pasteSteps } = pasteFrom(d, s, lo, hi));
  }
  return {
    names: d.names,
    dataMin: [...d.min],
    dataMax: [...d.max],
    nRows: d.n,
    nCases: d.totalCases,
    baseRate: d.totalCases / d.n,
    objective: 'original',
    trajectory,
    selected,
    meetsThreshold: chosen.n > 0 && chosen.density >= s.threshold,
    box,
    pasteSteps,
  };
}

/**
 * Pastes a given box (its restricted `limits`; other inputs span the data) on the given
 * data, as step 3 of `prim` does: returns the pasted box with its statistics.
 */
export function pasteBox(
  data: PrimData,
  outcome: ArrayLike<boolean>,
  limits: readonly Pick<BoxLimit, 'dim' | 'low' | 'high'>[],
  options: PrimOptions = {},
): { box: PrimBox; steps: number } {
  const s = settings(options);
  const d = prepare(data, outcome);
  const { lo, hi } = limitArrays(d, limits, 'pasteBox');
  return pasteFrom(d, s, lo, hi);
}

export interface DescribeFormat {
  /** What a case of interest is, as a clause: "the ranking flips". */
  outcome: string;
  /** Plural noun for a row (default "draws"). */
  unit?: string;
  /** Formats a limit of input `name` (default: two significant digits, whole numbers from 100). */
  value?: (v: number, name: string) => string;
}

function defaultValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return String(Math.round(v));
  return String(Number(v.toPrecision(2)));
}

/** A share as a whole percentage that never rounds a non-zero share to 0% or a partial one to 100%. */
export function percent(x: number): string {
  if (x <= 0) return '0%';
  if (x >= 1) return '100%';
  const r = Math.round(100 * x);
  if (r === 0) return 'under 1%';
  if (r === 100) return 'over 99%';
  return `${r}%`;
}

function listJoin(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * One plain-English sentence reading a box, e.g. "When recruit half is above 420 and
 * awareness effect is below 0.6, the ranking flips in 84% of the draws; these draws are
 * 12% of all draws and hold 71% of the draws where the ranking flips."
 * `names` maps input names to readable labels (missing: the input name itself).
 */
export function describeBox(box: PrimBox, names: Readonly<Record<string, string>>, format: DescribeFormat): string {
  const unit = format.unit ?? 'draws';
  const fmt = format.value ?? defaultValue;
  if (box.cases === 0 && box.coverage === 0 && box.limits.length === 0) {
    return `There are no ${unit} where ${format.outcome}, so no region of the inputs can be singled out.`;
  }
  if (box.limits.length === 0) {
    return `No region of the inputs stands out: ${format.outcome} in ${percent(box.density)} of all ${unit}, spread over the whole range of the inputs.`;
  }
  const clauses = box.limits.map((l) => {
    const label = names[l.name] ?? l.name;
    if (l.restrictsLow && l.restrictsHigh) return `${label} is between ${fmt(l.low, l.name)} and ${fmt(l.high, l.name)}`;
    if (l.restrictsLow) return `${label} is above ${fmt(l.low, l.name)}`;
    return `${label} is below ${fmt(l.high, l.name)}`;
  });
  return `When ${listJoin(clauses)}, ${format.outcome} in ${percent(box.density)} of the ${unit}; these ${unit} are ${percent(box.mass)} of all ${unit} and hold ${percent(box.coverage)} of the ${unit} where ${format.outcome}.`;
}

/**
 * Drops the restrictions a box does not need, for a box a person can read (Bryant &
 * Lempert 2010 trade a little density for fewer restricted inputs; the workbench
 * leaves that trade to the analyst). Repeatedly frees the restricted input whose
 * release leaves the highest density (ties: the lower input index), as long as the
 * density stays at or above `target` (the threshold, or the box's own density if that
 * is lower). Coverage and mass can only grow. Returns the pruned box.
 */
export function pruneBox(data: PrimData, outcome: ArrayLike<boolean>, box: PrimBox, target: number): PrimBox {
  const d = prepare(data, outcome);
  const { lo, hi } = boxArrays(d, box);
  const goal = Math.min(target, box.density);
  let current = makeBox(d, lo, hi, box.n, box.cases);
  for (;;) {
    let best: { dim: number; n: number; cases: number } | null = null;
    for (const l of current.limits) {
      const [l0, h0] = [lo[l.dim], hi[l.dim]];
      lo[l.dim] = d.min[l.dim];
      hi[l.dim] = d.max[l.dim];
      const c = countInside(d, lo, hi);
      [lo[l.dim], hi[l.dim]] = [l0, h0];
      if (c.n > 0 && c.cases / c.n >= goal && (best === null || c.cases / c.n > best.cases / best.n)) best = { dim: l.dim, ...c };
    }
    if (!best) return current;
    lo[best.dim] = d.min[best.dim];
    hi[best.dim] = d.max[best.dim];
    current = makeBox(d, lo, hi, best.n, best.cases);
  }
}

/** The box with the given restricted limits (the other inputs spanning the data) and its statistics, as it is: no pasting. */
export function boxOf(data: PrimData, outcome: ArrayLike<boolean>, limits: readonly Pick<BoxLimit, 'dim' | 'low' | 'high'>[]): PrimBox {
  const d = prepare(data, outcome);
  const { lo, hi } = limitArrays(d, limits, 'boxOf');
  const c = countInside(d, lo, hi);
  return makeBox(d, lo, hi, c.n, c.cases);
}
