import { describe, expect, it } from 'vitest';
import { SeedTree, Stream, hash128, seedKey } from '../../engine/kernel/rng.ts';

const draws = (s: Stream, n: number) => Array.from({ length: n }, () => s.uniform());

function meanVar(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('hash128 and seedKey', () => {
  it('hash128 is 32 hex digits, deterministic, and differs for different texts', () => {
    const h = hash128('tipsim');
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(hash128('tipsim')).toBe(h);
    expect(hash128('tipsin')).not.toBe(h);
    expect(hash128('')).not.toBe(h);
  });

  it('seedKey depends on every path element and keeps elements apart', () => {
    expect(seedKey(1, 0, 'a')).toBe(seedKey(1, 0, 'a'));
    expect(seedKey(1, 0, 'a')).toBe(seedKey('1', '0', 'a'));
    expect(seedKey(1, 0, 'a')).not.toBe(seedKey(2, 0, 'a'));
    expect(seedKey(1, 0, 'a')).not.toBe(seedKey(1, 1, 'a'));
    expect(seedKey(1, 0, 'a')).not.toBe(seedKey(1, 0, 'b'));
    // Joining elements must not collide: ('a,b') is not ('a', 'b').
    expect(seedKey(1, 'a,b')).not.toBe(seedKey(1, 'a', 'b'));
  });
});

describe('Stream', () => {
  it('the same key gives the same sequence', () => {
    const k = seedKey(7, 0, 'x');
    expect(draws(Stream.fromKey(k), 100)).toEqual(draws(Stream.fromKey(k), 100));
  });

  it('uniform draws lie in [0, 1) and int(n) in [0, n)', () => {
    const s = Stream.fromKey('range');
    for (let i = 0; i < 5000; i++) {
      const u = s.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      const k = s.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
  });

  it('different stream names and different replicates give different sequences', () => {
    const a0 = draws(new SeedTree(1, 0).stream('a'), 20);
    const b0 = draws(new SeedTree(1, 0).stream('b'), 20);
    const a1 = draws(new SeedTree(1, 1).stream('a'), 20);
    const a0seed2 = draws(new SeedTree(2, 0).stream('a'), 20);
    expect(a0).not.toEqual(b0);
    expect(a0).not.toEqual(a1);
    expect(a0).not.toEqual(a0seed2);
    expect(new Set([...a0, ...b0, ...a1]).size).toBe(60);
  });

  it('SeedTree.stream returns the same stream object for a name (draws continue)', () => {
    const t = new SeedTree(3, 0);
    const first = draws(t.stream('m'), 5);
    const next = draws(t.stream('m'), 5);
    expect(draws(Stream.fromKey(seedKey(3, 0, 'm')), 10)).toEqual([...first, ...next]);
  });

  it('stream independence: extra draws from stream a do not change stream b', () => {
    const quiet = new SeedTree(11, 2);
    const bQuiet = draws(quiet.stream('b'), 50);

    const busy = new SeedTree(11, 2);
    const a = busy.stream('a');
    draws(a, 1000);
    a.normal();
    a.binomial(1_000_000, 0.37);
    const bBusy: number[] = [];
    for (let i = 0; i < 50; i++) {
      bBusy.push(busy.stream('b').uniform());
      draws(a, 3); // interleaved draws on a
    }
    expect(bBusy).toEqual(bQuiet);
  });

  it('state()/restore() continues the exact sequence', () => {
    const s = Stream.fromKey('save-me');
    draws(s, 37);
    const saved = JSON.parse(JSON.stringify(s.state()));
    const expected = draws(s, 100);
    const r = Stream.restore(saved);
    expect(r.key).toBe('save-me');
    expect(draws(r, 100)).toEqual(expected);
  });

  it('state()/restore() keeps the spare normal deviate', () => {
    const s = Stream.fromKey('normal-spare');
    s.normal(); // leaves a spare
    const saved = JSON.parse(JSON.stringify(s.state()));
    expect(saved.spare).not.toBeNull();
    const expected = [s.normal(), s.normal(), s.normal(), s.uniform(), s.binomial(500, 0.4)];
    const r = Stream.restore(saved);
    expect([r.normal(), r.normal(), r.normal(), r.uniform(), r.binomial(500, 0.4)]).toEqual(expected);
  });

  it('state() records no spare after an even number of normal draws', () => {
    const s = Stream.fromKey('even');
    s.normal();
    s.normal();
    expect(s.state().spare).toBeNull();
  });

  it('normal deviates have mean 0 and variance 1', () => {
    const s = Stream.fromKey('normal-moments');
    const { mean, variance } = meanVar(Array.from({ length: 20000 }, () => s.normal()));
    expect(Math.abs(mean)).toBeLessThan(0.05); // SE 0.007
    expect(Math.abs(variance - 1)).toBeLessThan(0.06); // SE 0.01
  });

  it('gamma and beta have the right means', () => {
    const s = Stream.fromKey('gamma');
    const g = meanVar(Array.from({ length: 20000 }, () => s.gamma(3)));
    expect(Math.abs(g.mean - 3)).toBeLessThan(0.08); // SE 0.012
    const gs = meanVar(Array.from({ length: 20000 }, () => s.gamma(0.5)));
    expect(Math.abs(gs.mean - 0.5)).toBeLessThan(0.03); // SE 0.005
    const b = meanVar(Array.from({ length: 20000 }, () => s.beta(2, 6)));
    expect(Math.abs(b.mean - 0.25)).toBeLessThan(0.01); // SE 0.001
  });
});

describe('Stream.binomial', () => {
  it('exact edge cases: n = 0, p = 0, p = 1', () => {
    const s = Stream.fromKey('binomial-edges');
    for (let i = 0; i < 100; i++) {
      expect(s.binomial(0, 0.5)).toBe(0);
      expect(s.binomial(1000, 0)).toBe(0);
      expect(s.binomial(1000, 1)).toBe(1000);
      expect(s.binomial(2_000_000, 1)).toBe(2_000_000);
      expect(s.binomial(2_000_000, 0)).toBe(0);
    }
  });

  const cases: [string, number, number, number][] = [
    ['small (inversion)', 20, 0.3, 20000],
    ['p > 0.5 (complement)', 40, 0.8, 20000],
    ['large n, small mean (inversion)', 1_000_000, 1e-5, 5000],
    ['large n (beta splitting)', 1_000_000, 0.37, 2000],
    // Above 2^31, where a 32-bit halving of n wrapped and never returned.
    ['n = 2^32 - 1 (beta splitting)', 4294967295, 0.01, 2000],
    ['n = 2^40, p > 0.5 (complement, then splitting)', 2 ** 40, 0.9, 1000],
    ['n = 2^53 - 1, small mean', Number.MAX_SAFE_INTEGER, 1e-14, 2000],
  ];
  for (const [label, n, p, N] of cases) {
    it(`${label}: n=${n}, p=${p}: integers in [0, n], mean and variance within tolerance`, () => {
      const s = Stream.fromKey(`binomial-${n}-${p}`);
      const xs = Array.from({ length: N }, () => s.binomial(n, p));
      for (const x of xs) expect(Number.isInteger(x) && x >= 0 && x <= n).toBe(true);
      const mu = n * p;
      const sigma2 = n * p * (1 - p);
      const { mean, variance } = meanVar(xs);
      // 5 standard errors (of the mean; of the variance, about sigma2 * sqrt(2 / N)).
      expect(Math.abs(mean - mu)).toBeLessThan(5 * Math.sqrt(sigma2 / N));
      expect(Math.abs(variance - sigma2)).toBeLessThan(5 * sigma2 * Math.sqrt(2 / N) + 1e-9);
    });
  }

  it('refuses an n above 2^53 (or infinite) with a RangeError, not a hang or a stack overflow', () => {
    const s = Stream.fromKey('binomial-huge');
    expect(() => s.binomial(2 ** 60, 0.3)).toThrow(RangeError);
    expect(() => s.binomial(Infinity, 0.3)).toThrow(RangeError);
  });

  it('beta splitting gives the exact distribution (chi-squared against the pmf, n=100, p=0.4)', () => {
    const n = 100,
      p = 0.4,
      N = 20000;
    const s = Stream.fromKey('binomial-chi2');
    const counts = new Array(n + 1).fill(0);
    for (let i = 0; i < N; i++) counts[s.binomial(n, p)]++;
    // Exact pmf by recurrence.
    const pmf = new Array(n + 1).fill(0);
    pmf[0] = Math.pow(1 - p, n);
    for (let k = 1; k <= n; k++) pmf[k] = (pmf[k - 1] * (n - k + 1) * p) / (k * (1 - p));
    // Pool tails so every bin expects at least 10.
    let chi2 = 0,
      bins = 0,
      obs = 0,
      exp = 0;
    for (let k = 0; k <= n; k++) {
      obs += counts[k];
      exp += pmf[k] * N;
      if (exp >= 10 && (1 - pmf.slice(0, k + 1).reduce((a, b) => a + b, 0)) * N >= 10) {
        chi2 += (obs - exp) ** 2 / exp;
        bins++;
        obs = 0;
        exp = 0;
      }
    }
    chi2 += exp > 0 ? (obs - exp) ** 2 / exp : 0;
    bins++;
    expect(bins).toBeGreaterThan(15);
    // 99.9% quantile of chi-squared with df = bins - 1 is below df + 4.5 sqrt(2 df) for these df.
    const df = bins - 1;
    expect(chi2).toBeLessThan(df + 4.5 * Math.sqrt(2 * df));
  });
});

describe('Stream.poisson and Stream.pick', () => {
  it('poisson has the right mean (small means by inversion, large by the binomial limit)', () => {
    const s = Stream.fromKey('poisson');
    expect(s.poisson(0)).toBe(0);
    expect(s.poisson(-1)).toBe(0);
    for (const [mean, N] of [
      [3.5, 20000],
      [80, 5000],
    ]) {
      const xs = Array.from({ length: N }, () => s.poisson(mean));
      for (const x of xs) expect(Number.isInteger(x) && x >= 0).toBe(true);
      const m = meanVar(xs);
      expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(mean / N));
      expect(Math.abs(m.variance - mean)).toBeLessThan(0.1 * mean);
    }
  });

  it('pick never returns a zero-weight index and follows the weights', () => {
    const s = Stream.fromKey('pick');
    const w = [0, 1, 0, 3, 0];
    const counts = [0, 0, 0, 0, 0];
    const N = 20000;
    for (let i = 0; i < N; i++) counts[s.pick(w)]++;
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(counts[4]).toBe(0);
    expect(Math.abs(counts[3] / N - 0.75)).toBeLessThan(0.02); // SE 0.003
    // With the total given, and with a typed array.
    const tw = Float64Array.from([0, 0, 2]);
    for (let i = 0; i < 100; i++) expect(s.pick(tw, 2)).toBe(2);
  });

  it('pick returns -1 when no weight is positive', () => {
    const s = Stream.fromKey('pick-none');
    expect(s.pick([0, 0, 0])).toBe(-1);
    expect(s.pick([])).toBe(-1);
  });
});
