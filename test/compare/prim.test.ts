/** PRIM scenario discovery: a planted box, trajectory invariants, hand-worked peels and pastes, edge cases, the reading. */
import { describe, expect, it } from 'vitest';
import { Stream, seedKey } from '../../engine/kernel/rng.ts';
import { boxOf, describeBox, pasteBox, prim, pruneBox, type PrimBox, type PrimData } from '../../engine/apps/compare/prim.ts';

const names = ['x0', 'x1', 'x2', 'x3'];

/** 4,000 rows of 4 uniform inputs; outcome x0 > 0.6 && x2 < 0.3, each outcome flipped with probability 0.05. */
function planted(): { data: PrimData; y: boolean[]; clean: boolean[] } {
  const s = Stream.fromKey('prim test');
  const rows: number[][] = [];
  const y: boolean[] = [];
  const clean: boolean[] = [];
  for (let i = 0; i < 4000; i++) {
    const r = [s.uniform(), s.uniform(), s.uniform(), s.uniform()];
    const o = r[0] > 0.6 && r[2] < 0.3;
    clean.push(o);
    y.push(s.uniform() < 0.05 ? !o : o);
    rows.push(r);
  }
  return { data: { names, rows }, y, clean };
}

const { data, y, clean } = planted();
const result = prim(data, y);

/** Recounts a box's statistics from its limits on the raw data. */
function recount(box: PrimBox, d: PrimData, out: boolean[]): { n: number; cases: number } {
  let n = 0,
    cases = 0;
  for (let r = 0; r < d.rows.length; r++) {
    const row = d.rows[r];
    if (box.limits.every((l) => row[l.dim] >= l.low && row[l.dim] <= l.high)) {
      n++;
      if (out[r]) cases++;
    }
  }
  return { n, cases };
}

describe('PRIM on a planted box', () => {
  it('finds x0 > 0.6 and x2 < 0.3 and nothing else', () => {
    const box = result.box;
    expect(box.limits.map((l) => l.dim)).toEqual([0, 2]);
    const [b0, b2] = box.limits;
    // x0 is bounded below only, x2 above only; x1 and x3 span the data.
    expect(b0).toMatchObject({ restrictsLow: true, restrictsHigh: false, high: result.dataMax[0] });
    expect(b2).toMatchObject({ restrictsLow: false, restrictsHigh: true, low: result.dataMin[2] });
    expect(Math.abs(b0.low - 0.6)).toBeLessThan(0.05);
    expect(Math.abs(b2.high - 0.3)).toBeLessThan(0.05);
    expect(result.meetsThreshold).toBe(true);
    expect(box.density).toBeGreaterThanOrEqual(0.8);
  });

  it('covers nearly all the cases the planted box itself covers', () => {
    // Symmetric 5% noise adds cases all over the input space: about 0.05 × 0.88 of all
    // rows against 0.95 × 0.12 inside the planted box, so even the true box covers only
    // about 72% of the cases. An absolute coverage of 0.8 cannot be reached at density
    // 0.8; PRIM's box must cover at least 95% of what the true box covers.
    const trueBox: PrimBox = {
      ...result.box,
      limits: [
        { dim: 0, name: 'x0', low: 0.6, high: 1, restrictsLow: true, restrictsHigh: false },
        { dim: 2, name: 'x2', low: 0, high: 0.3, restrictsLow: false, restrictsHigh: true },
      ],
    };
    const oracle = recount(trueBox, data, y).cases / result.nCases;
    expect(oracle).toBeGreaterThan(0.65);
    expect(oracle).toBeLessThan(0.8);
    expect(result.box.coverage).toBeGreaterThanOrEqual(0.95 * oracle);
    // Against the noise-free outcome, the box finds at least 80% of the planted region.
    const hits = recount(result.box, data, clean).cases;
    expect(hits / clean.filter(Boolean).length).toBeGreaterThanOrEqual(0.8);
  });

  it('is deterministic', () => {
    expect(prim(data, y)).toEqual(result);
  });
});

describe('peeling trajectory', () => {
  const t = result.trajectory;

  it('starts from the whole data: coverage 1, density = base rate, mass 1, nothing restricted', () => {
    expect(t[0]).toMatchObject({ coverage: 1, mass: 1, restrictedDims: 0, limits: [], n: 4000 });
    expect(t[0].density).toBe(y.filter(Boolean).length / 4000);
    expect(t[0].density).toBe(result.baseRate);
  });

  it('mass strictly decreases, coverage never increases, mass stays ≥ massMin', () => {
    expect(t.length).toBeGreaterThan(20);
    for (let i = 1; i < t.length; i++) {
      expect(t[i].mass).toBeLessThan(t[i - 1].mass);
      expect(t[i].coverage).toBeLessThanOrEqual(t[i - 1].coverage);
      expect(t[i].mass).toBeGreaterThanOrEqual(0.05);
    }
    // Peeling stopped because one more peel (about 5% of the box) would go below massMin.
    expect(t[t.length - 1].mass * 0.95).toBeLessThan(0.05 + 1 / 4000);
  });

  it('reports statistics that match a recount of the rows inside each box', () => {
    for (const box of t) {
      const { n, cases } = recount(box, data, y);
      expect(box.n).toBe(n);
      expect(box.cases).toBe(cases);
      expect(box.mass).toBe(n / 4000);
      expect(box.density).toBe(cases / n);
      expect(box.coverage).toBe(cases / result.nCases);
      expect(box.restrictedDims).toBe(box.limits.length);
    }
  });

  it('selects the highest-coverage box with density ≥ threshold', () => {
    const qualifying = t.filter((b) => b.density >= 0.8);
    expect(qualifying.length).toBeGreaterThan(0);
    expect(t[result.selected].coverage).toBe(Math.max(...qualifying.map((b) => b.coverage)));
    expect(t[result.selected].density).toBeGreaterThanOrEqual(0.8);
  });
});

describe('hand-worked peels and pastes', () => {
  // x = 0..19 twice (identical columns), cases x ≥ 10.
  const xs = Array.from({ length: 20 }, (_, i) => i);
  const line: PrimData = { names: ['a', 'b'], rows: xs.map((x) => [x, x]) };
  const lineY = xs.map((x) => x >= 10);
  const r = prim(line, lineY);

  it('peels one row at a time from below at the midpoint, as the workbench quantile does', () => {
    // 20 boxes: 20 rows down to 1 (mass 0.05 = massMin); a peel of the last row would empty the box.
    expect(r.trajectory).toHaveLength(20);
    expect(r.trajectory[1].limits).toEqual([{ dim: 0, name: 'a', low: 0.5, high: 19, restrictsLow: true, restrictsHigh: false }]);
    // Past x = 10 every peel keeps density 1: ties go to the lower limit, and to input a
    // (the identical input b would add a restricted input and is never peeled).
    expect(r.trajectory[11].limits).toEqual([{ dim: 0, name: 'a', low: 10.5, high: 19, restrictsLow: true, restrictsHigh: false }]);
    expect(r.trajectory.every((b) => b.limits.every((l) => l.dim === 0 && !l.restrictsHigh))).toBe(true);
  });

  it('on a tie in density, prefers the peel that restricts fewer inputs, as the workbench does', () => {
    // b = x; a = x except that rows x = 0 and x = 15 swap their a values, so peeling a
    // first would remove a case: PRIM peels b up to x ≥ 10, where every peel keeps
    // density 1. Peeling a (the lower index) would then restrict a second input.
    const a = xs.map((x) => (x === 0 ? 15 : x === 15 ? 0 : x));
    const r2 = prim({ names: ['a', 'b'], rows: xs.map((x, i) => [a[i], x]) }, lineY);
    expect(r2.trajectory.length).toBeGreaterThan(12);
    expect(r2.trajectory.every((b) => b.limits.every((l) => l.name === 'b'))).toBe(true);
  });

  it('selects, among boxes with full coverage and density ≥ 0.8, the densest: x ≥ 9.5', () => {
    expect(r.selected).toBe(10);
    expect(r.box.limits[0].low).toBe(9.5);
    expect(r.box).toMatchObject({ coverage: 1, density: 1, n: 10 });
    expect(r.pasteSteps).toBe(0); // pasting x = 9 would lower the density
  });

  it('pastes back a case just outside a limit, and stops when the density would fall', () => {
    const pts = [
      [0.6, 0.6],
      [0.7, 0.7],
      [0.8, 0.8],
      [0.9, 0.9], // inside x0 ≥ 0.5, x1 ≥ 0.5: 3 cases of 4
      [0.45, 0.7],
      [0.1, 0.9], // below the x0 limit: a case, then a non-case
      [0.7, 0.45],
      [0.8, 0.2], // below the x1 limit: non-cases
      [0.2, 0.3],
    ];
    const out = [true, true, true, false, true, false, false, false, false];
    const { box, steps } = pasteBox({ names: ['x0', 'x1'], rows: pts }, out, [
      { dim: 0, low: 0.5, high: 0.9 },
      { dim: 1, low: 0.5, high: 0.9 },
    ]);
    expect(steps).toBe(1);
    expect(box.limits[0].low).toBeCloseTo(0.275, 12); // midpoint of 0.1 and 0.45
    expect(box.limits[1].low).toBe(0.5);
    expect(box).toMatchObject({ n: 5, cases: 4, density: 0.8, coverage: 1 });
  });
});

describe('edge cases', () => {
  it('no cases of interest: the full box with density 0, no crash', () => {
    const none = prim(
      data,
      y.map(() => false),
    );
    expect(none.trajectory).toHaveLength(1);
    expect(none.selected).toBe(0);
    expect(none.meetsThreshold).toBe(false);
    expect(none.box).toMatchObject({ limits: [], density: 0, coverage: 0, mass: 1, cases: 0 });
    expect(describeBox(none.box, {}, { outcome: 'the ranking flips' })).toBe(
      'There are no draws where the ranking flips, so no region of the inputs can be singled out.',
    );
  });

  it('every row a case: density 1 everywhere, and the chosen box is the whole data', () => {
    const all = prim(
      data,
      y.map(() => true),
    );
    expect(all.trajectory.length).toBeGreaterThan(20);
    expect(all.trajectory.every((b) => b.density === 1)).toBe(true);
    expect(all.selected).toBe(0);
    expect(all.box).toMatchObject({ limits: [], density: 1, coverage: 1, mass: 1 });
    expect(describeBox(all.box, {}, { outcome: 'the ranking flips' })).toMatch(
      /^No region of the inputs stands out: the ranking flips in 100% of all draws/,
    );
  });

  it('rejects mismatched or non-finite input and bad options', () => {
    expect(() => prim(data, y.slice(1))).toThrow(RangeError);
    expect(() => prim({ names: ['a'], rows: [[NaN]] }, [true])).toThrow(RangeError);
    expect(() => prim(data, y, { peelAlpha: 0.5 })).toThrow(RangeError);
  });
});

describe('describeBox', () => {
  it('reads the planted box as one sentence naming the inputs and the percentages', () => {
    const b = result.box;
    const text = describeBox(b, { x0: 'recruitment pressure', x2: 'awareness effect' }, { outcome: 'the ranking flips' });
    const pct = (x: number) => `${Math.round(100 * x)}%`;
    expect(text).toBe(
      `When recruitment pressure is above ${Number(b.limits[0].low.toPrecision(2))} and awareness effect is below ${Number(b.limits[1].high.toPrecision(2))}, ` +
        `the ranking flips in ${pct(b.density)} of the draws; these draws are ${pct(b.mass)} of all draws and hold ${pct(b.coverage)} of the draws where the ranking flips.`,
    );
    expect(text).not.toMatch(/x1|x3/);
  });

  it('uses "between" for a two-sided limit, the caller\'s unit and formatter, and never rounds to 0% or 100%', () => {
    const box: PrimBox = {
      limits: [{ dim: 1, name: 'recruit_half', low: 420, high: 910.4, restrictsLow: true, restrictsHigh: true }],
      coverage: 0.998,
      density: 0.5,
      mass: 0.004,
      restrictedDims: 1,
      n: 4,
      cases: 2,
    };
    expect(describeBox(box, {}, { outcome: 'policy B wins', unit: 'runs', value: (v) => `${v} days` })).toBe(
      'When recruit_half is between 420 days and 910.4 days, policy B wins in 50% of the runs; these runs are under 1% of all runs and hold over 99% of the runs where policy B wins.',
    );
  });
});

describe('pruneBox', () => {
  const rng = Stream.fromKey(seedKey('prune-test', 0));
  const rows = Array.from({ length: 400 }, () => Float64Array.from([rng.uniform(), rng.uniform(), rng.uniform()]));
  const data = { names: ['x0', 'x1', 'x2'], rows };
  const box = (limits: { dim: number; low: number; high: number }[], outcome: boolean[]) => boxOf(data, outcome, limits);

  it('drops a restriction the outcome does not need, and keeps the ones it does', () => {
    // Cases: x0 > 0.7. A box that also restricts x1 and x2 needlessly.
    const one = rows.map((x) => x[0] > 0.7);
    const noisy = box(
      [
        { dim: 0, low: 0.7, high: 1 },
        { dim: 1, low: 0, high: 0.9 },
        { dim: 2, low: 0.05, high: 1 },
      ],
      one,
    );
    expect(noisy.restrictedDims).toBe(3);
    const pruned = pruneBox(data, one, noisy, 0.8);
    expect(pruned.limits.map((l) => l.name)).toEqual(['x0']);
    expect(pruned.density).toBe(1);
    expect(pruned.coverage).toBeGreaterThan(noisy.coverage);
    // Cases: x0 > 0.5 and x1 > 0.5: both restrictions are needed at density 0.8.
    const two = rows.map((x) => x[0] > 0.5 && x[1] > 0.5);
    const both = box(
      [
        { dim: 0, low: 0.5, high: 1 },
        { dim: 1, low: 0.5, high: 1 },
      ],
      two,
    );
    expect(pruneBox(data, two, both, 0.8).limits.map((l) => l.name)).toEqual(['x0', 'x1']);
  });
});
