/**
 * Global (variance-based) sensitivity analysis: Sobol' first-order and total-order
 * indices with a Saltelli design, after SALib (`SALib.sample.sobol.sample` and
 * `SALib.analyze.sobol.analyze`), smaller.
 *
 * What it computes. For a model output Y = f(X_1, …, X_k) with independent inputs,
 *  - the first-order index S_i = Var(E[Y | X_i]) / Var(Y): the share of the output
 *    variance explained by X_i alone;
 *  - the total-order index ST_i = E[Var(Y | X_~i)] / Var(Y): the share that would
 *    remain if every input but X_i were fixed, i.e. X_i alone plus all its
 *    interactions. ST_i − S_i measures interactions; ST_i ≈ 0 means X_i can be fixed.
 *
 * Design (`saltelliDesign`). Two n × k base matrices A and B on the unit hypercube
 * and, for each dimension i, the matrix AB_i: A with column i taken from B. The model
 * runs on every row of A, B and the k matrices AB_i, so the design costs
 * n × (k + 2) model runs. This is SALib's design with `calc_second_order=False`
 * (second-order indices would need the k matrices BA_i as well, n × (2k + 2) runs);
 * SALib interleaves the rows, here they come in blocks (A, B, AB_0, …, AB_{k−1}).
 * The points are, as in SALib, the first n points of a 2k-dimensional Sobol'
 * sequence (columns 0..k−1 give A, columns k..2k−1 give B), by default scrambled
 * (random linear matrix scrambling plus a random digital shift, Matoušek 1998 —
 * the scheme SALib gets from scipy.stats.qmc.Sobol), the randomness drawn from the
 * supplied generator. Direction numbers: Joe and Kuo's new-joe-kuo-6.21201, first 40
 * dimensions, so k ≤ 20; `sequence: 'random'` uses plain pseudo-random uniforms from
 * the generator instead (any k, slower convergence). Take n a power of two: the
 * balance properties of a Sobol' net hold for the first 2^m points. Columns are on
 * [0, 1); `scaleDesign` maps them through per-dimension quantile functions.
 *
 * Estimators (`sobolIndices`), with y_A, y_B, y_ABi the outputs on the rows of A, B,
 * AB_i and V the variance (divisor 2n, as numpy's var in SALib) of y_A and y_B
 * concatenated:
 *  - first order, Saltelli et al. (2010), Comput. Phys. Commun. 181:259–270, table 2 (b):
 *      S_i  = mean(y_B · (y_ABi − y_A)) / V;
 *  - total order, Jansen (1999), Comput. Phys. Commun. 117:35–43 (table 2 (f) of Saltelli 2010):
 *      ST_i = mean((y_A − y_ABi)²) / 2 / V.
 * Before the first-order estimator the outputs are centred at the mean of y_A and y_B
 * (SALib standardises all outputs for the same reason): the expectation is unchanged
 * and the error no longer grows with the output's mean. The total-order estimator and
 * V do not depend on the centring. A constant output (V = 0) gives indices of 0, as
 * in SALib.
 *
 * Confidence intervals: bootstrap over the n rows (each resample draws n row indices
 * with replacement and recomputes V and every index on them, so the row structure
 * y_A / y_B / y_ABi is kept), percentile intervals at `level`. SALib instead reports a
 * normal half-width Z · sd of the same resamples. With a Sobol' design the bootstrap
 * treats the points as independent and tends to overstate the error.
 *
 * Pure functions; the only randomness is the `() => number` generator passed in
 * (uniform on [0, 1), e.g. `Stream.fromKey(key).uniform` bound to its stream).
 */

import { quantileSorted } from '../../kernel/stats.ts';

/** A generator of uniforms on [0, 1). */
export type Uniform = () => number;

/**
 * Joe and Kuo's direction numbers (new-joe-kuo-6.21201), dimensions 2..40, one row
 * per dimension as [a, m_1, …, m_s]: a encodes the primitive polynomial's inner
 * coefficients, s is the polynomial's degree. Dimension 1 has all m_j = 1.
 */
const JOE_KUO: readonly (readonly number[])[] = [
  [0, 1],
  [1, 1, 3],
  [1, 1, 3, 1],
  [2, 1, 1, 1],
  [1, 1, 1, 3, 3],
  [4, 1, 3, 5, 13],
  [2, 1, 1, 5, 5, 17],
  [4, 1, 1, 5, 5, 5],
  [7, 1, 1, 7, 11, 19],
  [11, 1, 1, 5, 1, 1],
  [13, 1, 1, 1, 3, 11],
  [14, 1, 3, 5, 5, 31],
  [1, 1, 3, 3, 9, 7, 49],
  [13, 1, 1, 1, 15, 21, 21],
  [16, 1, 3, 1, 13, 27, 49],
  [19, 1, 1, 1, 15, 7, 5],
  [22, 1, 3, 1, 15, 13, 25],
  [25, 1, 1, 5, 5, 19, 61],
  [1, 1, 3, 7, 11, 23, 15, 103],
  [4, 1, 3, 7, 13, 13, 15, 69],
  [7, 1, 1, 3, 13, 7, 35, 63],
  [8, 1, 3, 5, 9, 1, 25, 53],
  [14, 1, 3, 1, 13, 9, 35, 107],
  [19, 1, 3, 1, 5, 27, 61, 31],
  [21, 1, 1, 5, 11, 19, 41, 61],
  [28, 1, 3, 5, 3, 3, 13, 69],
  [31, 1, 1, 7, 13, 1, 19, 1],
  [32, 1, 3, 7, 5, 13, 19, 59],
  [37, 1, 1, 3, 9, 25, 29, 41],
  [41, 1, 3, 5, 13, 23, 1, 55],
  [42, 1, 3, 7, 3, 13, 59, 17],
  [50, 1, 3, 1, 3, 5, 53, 69],
  [55, 1, 1, 5, 5, 23, 33, 13],
  [56, 1, 1, 7, 7, 1, 61, 123],
  [59, 1, 1, 7, 9, 13, 61, 49],
  [62, 1, 3, 3, 5, 3, 55, 33],
  [14, 1, 3, 1, 15, 31, 13, 49, 245],
  [21, 1, 3, 5, 15, 31, 59, 63, 97],
  [22, 1, 3, 1, 11, 11, 11, 77, 249],
];

/** Dimensions the built-in Sobol' direction numbers cover. */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

const BITS = 32;
const TWO32 = 2 ** 32;

/** The 32 direction numbers of dimension `dim` (0-based), as 32-bit integers (first digit = top bit). */
function directionNumbers(dim: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 0) {
    for (let j = 0; j < BITS; j++) v[j] = 2 ** (BITS - 1 - j);
    return v;
  }
  const row = JOE_KUO[dim - 1];
  const a = row[0];
  const s = row.length - 1;
  for (let j = 0; j < s; j++) v[j] = row[j + 1] * 2 ** (BITS - 1 - j); // m_{j+1} < 2^{j+1}: fits in 32 bits
  for (let j = s; j < BITS; j++) {
    let x = v[j - s] ^ (v[j - s] >>> s);
    for (let q = 1; q < s; q++) if ((a >>> (s - 1 - q)) & 1) x ^= v[j - q];
    v[j] = x;
  }
  return v;
}

function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

function uint32(rng: Uniform): number {
  const u = rng();
  if (!(u >= 0 && u < 1)) throw new RangeError(`random generator must return uniforms on [0, 1), got ${u}`);
  return Math.floor(u * TWO32);
}

/**
 * Linear matrix scrambling: v ← L v for a random lower-triangular 32 × 32 binary matrix
 * L with unit diagonal (digit 1 = top bit), applied to every direction number.
 */
function scrambleDirections(v: Uint32Array, rng: Uniform): void {
  // masks[r]: the digits c ≤ r+1 with L[r+1][c] = 1, as bits of a 32-bit word.
  const masks = new Float64Array(BITS);
  for (let r = 0; r < BITS; r++) {
    const diag = 2 ** (BITS - 1 - r);
    const above = uint32(rng);
    masks[r] = above - (above % (2 * diag)) + diag; // random bits above the diagonal bit, the diagonal bit set
  }
  for (let j = 0; j < BITS; j++) {
    let x = 0;
    for (let r = 0; r < BITS; r++) if (parity(v[j] & masks[r])) x += 2 ** (BITS - 1 - r);
    v[j] = x;
  }
}

/**
 * The first n points of the d-dimensional Sobol' sequence (Gray-code order, as
 * scipy.stats.qmc.Sobol), row-major n × d on [0, 1). Unscrambled, point 0 is the
 * origin; scrambled (generator given as `scramble`), every dimension gets its own random linear matrix
 * scramble and digital shift.
 */
export function sobolSequence(n: number, d: number, options: { scramble?: Uniform } = {}): Float64Array {
  if (!Number.isInteger(n) || n < 1 || n > TWO32) throw new RangeError(`sobolSequence: n must be a whole number in [1, 2^32], got ${n}`);
  if (!Number.isInteger(d) || d < 1 || d > SOBOL_MAX_DIMENSIONS) {
    throw new RangeError(`sobolSequence: d must be a whole number in [1, ${SOBOL_MAX_DIMENSIONS}], got ${d}`);
  }
  const rng = options.scramble;
  const out = new Float64Array(n * d);
  for (let dim = 0; dim < d; dim++) {
    const v = directionNumbers(dim);
    let x = 0;
    if (rng) {
      scrambleDirections(v, rng);
      x = uint32(rng); // digital shift: point 0 becomes the shift itself
    }
    out[dim] = (x >>> 0) / TWO32;
    for (let i = 1; i < n; i++) {
      x ^= v[31 - Math.clz32(i & -i)]; // Gray code: flip the direction number of i's lowest set bit
      out[i * d + dim] = (x >>> 0) / TWO32;
    }
  }
  return out;
}

/** A Saltelli design: all matrices n × k, row-major, values on [0, 1) (or mapped by `scaleDesign`). */
export interface SaltelliDesign {
  k: number;
  n: number;
  sequence: 'sobol' | 'random';
  scrambled: boolean;
  A: Float64Array;
  B: Float64Array;
  /** AB[i]: A with column i taken from B. */
  AB: Float64Array[];
}

export interface SaltelliOptions {
  /** 'sobol' (default; k ≤ 20) or plain pseudo-random uniforms from the generator. */
  sequence?: 'sobol' | 'random';
  /** Scramble the Sobol' points (default true; the generator supplies the scramble). */
  scramble?: boolean;
}

/**
 * Base matrices A and B (n × k) on the unit hypercube and the k matrices AB_i; the
 * model is to be run on all n × (k + 2) rows (`designRows`, `evaluateDesign`).
 */
export function saltelliDesign(k: number, n: number, rng: Uniform, options: SaltelliOptions = {}): SaltelliDesign {
  const sequence = options.sequence ?? 'sobol';
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`saltelliDesign: k must be a whole number ≥ 1, got ${k}`);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`saltelliDesign: n must be a whole number ≥ 2, got ${n}`);
  const A = new Float64Array(n * k);
  const B = new Float64Array(n * k);
  let scrambled = false;
  if (sequence === 'sobol') {
    if (2 * k > SOBOL_MAX_DIMENSIONS) {
      throw new RangeError(
        `saltelliDesign: a Sobol' design needs 2k ≤ ${SOBOL_MAX_DIMENSIONS} dimensions (k = ${k}); use sequence: 'random'`,
      );
    }
    scrambled = options.scramble ?? true;
    const pts = sobolSequence(n, 2 * k, { scramble: scrambled ? rng : undefined });
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < k; j++) {
        A[r * k + j] = pts[r * 2 * k + j];
        B[r * k + j] = pts[r * 2 * k + k + j];
      }
    }
  } else if (sequence === 'random') {
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < k; j++) A[r * k + j] = uint32(rng) / TWO32;
      for (let j = 0; j < k; j++) B[r * k + j] = uint32(rng) / TWO32;
    }
  } else {
    throw new RangeError(`saltelliDesign: unknown sequence ${String(sequence)}`);
  }
  const AB: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    const m = A.slice();
    for (let r = 0; r < n; r++) m[r * k + i] = B[r * k + i];
    AB.push(m);
  }
  return { k, n, sequence, scrambled, A, B, AB };
}

/** Quantile function of the uniform distribution on [lo, hi]. */
export function uniformQuantile(lo: number, hi: number): (u: number) => number {
  return (u) => lo + (hi - lo) * u;
}

/**
 * The design with column j mapped through quantiles[j] (the inverse CDF of input j's
 * distribution), so the rows sample the inputs' joint distribution. Unscrambled Sobol'
 * points include 0: use bounded quantile functions there, or scramble.
 */
export function scaleDesign(design: SaltelliDesign, quantiles: readonly ((u: number) => number)[]): SaltelliDesign {
  const { k } = design;
  if (quantiles.length !== k) throw new RangeError(`scaleDesign: ${quantiles.length} quantile functions for ${k} dimensions`);
  const map = (m: Float64Array): Float64Array => {
    const out = new Float64Array(m.length);
    for (let x = 0; x < m.length; x++) out[x] = quantiles[x % k](m[x]);
    return out;
  };
  return { ...design, A: map(design.A), B: map(design.B), AB: design.AB.map(map) };
}

/** All n × (k + 2) rows to evaluate, in block order A, B, AB_0, …, AB_{k−1} (subarray views). */
export function designRows(design: SaltelliDesign): Float64Array[] {
  const { k, n } = design;
  const rows: Float64Array[] = [];
  for (const m of [design.A, design.B, ...design.AB]) for (let r = 0; r < n; r++) rows.push(m.subarray(r * k, (r + 1) * k));
  return rows;
}

export interface DesignOutputs {
  yA: Float64Array;
  yB: Float64Array;
  yAB: Float64Array[];
}

/** Splits outputs given in `designRows` order (length n × (k + 2)) into y_A, y_B and y_ABi. */
export function splitOutputs(design: SaltelliDesign, y: ArrayLike<number>): DesignOutputs {
  const { k, n } = design;
  if (y.length !== n * (k + 2)) throw new RangeError(`splitOutputs: expected ${n * (k + 2)} outputs, got ${y.length}`);
  const block = (b: number) => Float64Array.from({ length: n }, (_, r) => y[b * n + r]);
  return { yA: block(0), yB: block(1), yAB: Array.from({ length: k }, (_, i) => block(2 + i)) };
}

/** Runs f on every row of the design (in `designRows` order) and splits the outputs. */
export function evaluateDesign(design: SaltelliDesign, f: (x: Float64Array) => number): DesignOutputs {
  return splitOutputs(design, designRows(design).map(f));
}

export interface SobolIndex {
  first: number;
  firstLow: number;
  firstHigh: number;
  total: number;
  totalLow: number;
  totalHigh: number;
}

export interface SobolResult {
  /** One entry per input dimension. */
  indices: SobolIndex[];
  /** Variance of y_A and y_B concatenated (divisor 2n). */
  V: number;
  /** Rows per matrix. */
  n: number;
  resamples: number;
  level: number;
}

export interface SobolOptions {
  /** Generator for the bootstrap (uniforms on [0, 1)). */
  rng: Uniform;
  /** Bootstrap resamples (default 500; 0 gives NaN intervals). */
  resamples?: number;
  /** Level of the percentile intervals (default 0.95). */
  level?: number;
}

/**
 * Point estimates on the rows listed in idx (length n, repeats allowed): writes
 * S_i to first[i] and ST_i to total[i], returns V. Inputs are pre-centred.
 */
function estimate(
  a: Float64Array,
  b: Float64Array,
  ab: Float64Array[],
  idx: Uint32Array,
  first: Float64Array,
  total: Float64Array,
): number {
  const n = idx.length,
    k = ab.length;
  let sA = 0,
    sB = 0,
    sSq = 0;
  const sBD = new Float64Array(k),
    sD = new Float64Array(k),
    sDD = new Float64Array(k);
  for (let t = 0; t < n; t++) {
    const r = idx[t];
    const ya = a[r],
      yb = b[r];
    sA += ya;
    sB += yb;
    sSq += ya * ya + yb * yb;
    for (let i = 0; i < k; i++) {
      const d = ab[i][r] - ya;
      sBD[i] += yb * d;
      sD[i] += d;
      sDD[i] += d * d;
    }
  }
  const mean = (sA + sB) / (2 * n);
  const V = Math.max(0, sSq / (2 * n) - mean * mean);
  for (let i = 0; i < k; i++) {
    if (V > 0) {
      first[i] = (sBD[i] - mean * sD[i]) / n / V; // Σ (y_B − mean)(y_ABi − y_A) / n / V
      total[i] = sDD[i] / (2 * n) / V;
    } else {
      first[i] = 0;
      total[i] = 0;
    }
  }
  return V;
}

/**
 * First-order (Saltelli 2010) and total-order (Jansen 1999) Sobol' indices from the
 * outputs on A, B and the AB_i, with percentile bootstrap intervals.
 */
export function sobolIndices(
  yA: ArrayLike<number>,
  yB: ArrayLike<number>,
  yAB: readonly ArrayLike<number>[],
  options: SobolOptions,
): SobolResult {
  const n = yA.length,
    k = yAB.length;
  const resamples = options.resamples ?? 500;
  const level = options.level ?? 0.95;
  if (n < 2) throw new RangeError(`sobolIndices: need at least 2 rows, got ${n}`);
  if (k < 1) throw new RangeError('sobolIndices: need at least one AB_i');
  if (yB.length !== n || yAB.some((y) => y.length !== n))
    throw new RangeError('sobolIndices: yA, yB and every yAB[i] must have the same length');
  if (!Number.isInteger(resamples) || resamples < 0)
    throw new RangeError(`sobolIndices: resamples must be a whole number ≥ 0, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`sobolIndices: level must be in (0, 1), got ${level}`);

  let m0 = 0;
  for (let r = 0; r < n; r++) m0 += yA[r] + yB[r];
  m0 /= 2 * n;
  const centre = (y: ArrayLike<number>, name: string): Float64Array => {
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      out[r] = y[r] - m0;
      if (!Number.isFinite(out[r])) throw new RangeError(`sobolIndices: ${name}[${r}] is not finite (${y[r]})`);
    }
    return out;
  };
  const a = centre(yA, 'yA'),
    b = centre(yB, 'yB');
  const ab = yAB.map((y, i) => centre(y, `yAB[${i}]`));

  const idx = new Uint32Array(n);
  for (let r = 0; r < n; r++) idx[r] = r;
  const first = new Float64Array(k),
    total = new Float64Array(k);
  const V = estimate(a, b, ab, idx, first, total);

  // Bootstrap: bootFirst[i * resamples + s] is S_i on resample s.
  const bootFirst = new Float64Array(k * resamples),
    bootTotal = new Float64Array(k * resamples);
  const f = new Float64Array(k),
    t = new Float64Array(k);
  for (let s = 0; s < resamples; s++) {
    for (let r = 0; r < n; r++) idx[r] = Math.min(n - 1, Math.floor(options.rng() * n));
    estimate(a, b, ab, idx, f, t);
    for (let i = 0; i < k; i++) {
      bootFirst[i * resamples + s] = f[i];
      bootTotal[i * resamples + s] = t[i];
    }
  }
  const pLo = (1 - level) / 2,
    pHi = (1 + level) / 2;
  const interval = (boot: Float64Array, i: number): [number, number] => {
    if (resamples === 0) return [NaN, NaN];
    const xs = boot.subarray(i * resamples, (i + 1) * resamples).sort();
    return [quantileSorted(xs, pLo), quantileSorted(xs, pHi)];
  };
  const indices: SobolIndex[] = [];
  for (let i = 0; i < k; i++) {
    const [firstLow, firstHigh] = interval(bootFirst, i);
    const [totalLow, totalHigh] = interval(bootTotal, i);
    indices.push({ first: first[i], firstLow, firstHigh, total: total[i], totalLow, totalHigh });
  }
  return { indices, V, n, resamples, level };
}
