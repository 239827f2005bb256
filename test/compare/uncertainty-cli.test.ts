/**
 * tipsim compare --uncertainty on the tiny scenario with a one-parameter posterior:
 * the design's runs, comparison.csv's added columns, decision.csv, independence of
 * the number of workers, and the options it refuses.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY, compare, rows, writeUncertaintyFixtures } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tipsim-uncertainty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeUncertaintyFixtures(dir);
writeFileSync(join(dir, 'same.yaml'), `extends: ${JSON.stringify(TINY)}\nname: same\n`);
const base = ['--baseline', TINY, '--window', '1996-1997', '--uncertainty', '--posterior', join(dir, 'posterior.csv'), '--draws', '3'];

describe('tipsim compare --uncertainty', () => {
  it('runs four runs a draw, adds the spread and the variance by source, and writes the decision; the same on 1 and 2 workers', async () => {
    const a = join(dir, 'u1'),
      b = join(dir, 'u2');
    const files = [join(dir, 'police.yaml'), join(dir, 'border.yaml'), join(dir, 'same.yaml')];
    const r = await compare([...files, ...base, '--workers', '1', '--out', a]);
    expect(r.code, r.err).toBe(0);
    await compare([...files, ...base, '--workers', '2', '--out', b, '-q']);
    for (const f of ['comparison.csv', 'decision.csv', 'series.csv'])
      expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
    const csv = rows(join(a, 'comparison.csv'));
    expect(csv[0]).toEqual(['scenario', 'metric', 'window', 'mean', 'lo', 'hi', 'diff', 'diff_lo', 'diff_hi', 'diff_p5', 'diff_p95']);
    // A scenario compared with itself: every run's difference is 0, so no variance to share out.
    for (const x of csv.filter((x) => x[0] === 'same' && x[1] !== 'averted_per_million'))
      expect(x.slice(6)).toEqual(['0', '0', '0', '0', '0']);
    const variance = rows(join(a, 'variance.csv'));
    expect(variance[0]).toEqual(['scenario', 'metric', 'source', 'share', 'lo', 'hi']);
    for (const x of variance.filter((x) => x[0] === 'same' && x[1] === 'true_victims')) expect(x[3]).toBe('NA');
    // The police push: the spread brackets the mean, and shares that add to 1, each inside its interval.
    const police = csv.find((x) => x[0] === 'police' && x[1] === 'victims_assisted')!;
    expect(Number(police[9])).toBeLessThanOrEqual(Number(police[6]));
    expect(Number(police[10])).toBeGreaterThanOrEqual(Number(police[6]));
    const shares = variance.filter((x) => x[0] === 'police' && x[1] === 'victims_assisted');
    expect(shares.map((x) => x[2])).toEqual(['posterior', 'levers', 'interaction', 'noise']);
    expect(shares.reduce((s, x) => s + Number(x[3]), 0)).toBeCloseTo(1, 6);
    for (const x of shares) expect(Number(x[4])).toBeLessThanOrEqual(Number(x[5]));
    // The decision among the two scenarios that spend: probabilities that add to 1.
    const decision = rows(join(a, 'decision.csv'));
    expect(decision[0]).toEqual(['scenario', 'measure', 'p_best', 'expected_loss', 'mean', 'p_rank_1', 'p_rank_2']);
    expect(
      decision
        .slice(1)
        .map((x) => x[0])
        .sort(),
    ).toEqual(['border', 'police']);
    expect(decision.slice(1).reduce((s, x) => s + Number(x[2]), 0)).toBeCloseTo(1, 9);
    for (const x of decision.slice(1)) expect(Number(x[5])).toBe(Number(x[2]));
    const manifest = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    expect(manifest.replicates).toBe(12);
    expect(manifest.uncertainty.draws).toBe(3);
    expect(manifest.uncertainty.inputs.map((p: { name: string }) => p.name)).toContain('police_unit_cost');
    expect(manifest.files).toEqual(expect.arrayContaining(['decision.csv', 'variance.csv']));
    // Every run with its draw, arm, particle and inputs.
    const runs = rows(join(a, 'runs.csv'));
    expect(runs[0].slice(0, 6)).toEqual(['scenario', 'replicate', 'draw', 'arm', 'particle', 'escape']);
    expect(runs[0]).toContain('police_unit_cost');
    expect(runs.length - 1).toBe(4 * 12);
    expect(
      runs
        .filter((x) => x[0] === 'police')
        .map((x) => x[3])
        .join(''),
    ).toBe('ABCD'.repeat(3));
    expect(readFileSync(join(b, 'runs.csv'), 'utf8')).toBe(readFileSync(join(a, 'runs.csv'), 'utf8'));
    expect(r.out).toContain('not searched with 3 draws');
    expect(r.out).toContain('P(best)');
    expect(r.out).toContain('expected value of perfect information');
  }, 180_000);

  it('--sobol runs a Saltelli design on the two leading scenarios and writes their indices, the same on 1 and 2 workers', async () => {
    const a = join(dir, 's1'),
      b = join(dir, 's2');
    const args = [join(dir, 'police.yaml'), join(dir, 'border.yaml'), ...base, '--sobol', '4', '-q'];
    expect((await compare([...args, '--workers', '1', '--out', a])).code).toBe(0);
    expect((await compare([...args, '--workers', '2', '--out', b])).code).toBe(0);
    expect(readFileSync(join(b, 'sobol.csv'), 'utf8')).toBe(readFileSync(join(a, 'sobol.csv'), 'utf8'));
    const sobol = rows(join(a, 'sobol.csv'));
    expect(sobol[0]).toEqual(['leader', 'runner_up', 'input', 'first', 'first_lo', 'first_hi', 'total', 'total_lo', 'total_hi']);
    const inputs = sobol.slice(1).map((x) => x[2]);
    expect(inputs[0]).toBe('calibrated_parameters');
    expect(inputs[inputs.length - 1]).toBe('chance');
    expect(inputs).toEqual(expect.arrayContaining(['police_unit_cost', 'police_effect', 'border_inspection_unit_cost']));
    expect(new Set(sobol.slice(1).map((x) => `${x[0]}/${x[1]}`))).toEqual(
      new Set(['police/border', 'border/police'].filter((p) => p.startsWith(sobol[1][0]))),
    );
    const manifest = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    expect(manifest.uncertainty.sensitivity.runs_per_scenario).toBe(4 * (inputs.length + 2));
    const spec = JSON.parse(readFileSync(join(a, 'sobol.vl.json'), 'utf8'));
    expect(new Set(spec.data.values.map((v: { input: string }) => v.input))).toEqual(new Set(inputs));
    const html = readFileSync(join(a, 'report.html'), 'utf8');
    expect(html).toContain('id="sobol"');
    expect(html).toContain('When the ranking flips');
    expect(html).toContain('not searched with 3 draws');
    // The escape parameter (the posterior group) moves the trade, so its total index is not zero.
    expect(Number(sobol[1][6])).toBeGreaterThan(0);
  }, 240_000);

  it('with 40 draws, searches where the ranking flips and writes the value of partial information of every input, none above the EVPI', async () => {
    const out = join(dir, 'd40');
    const r = await compare([
      join(dir, 'police.yaml'),
      join(dir, 'border.yaml'),
      '--baseline',
      TINY,
      '--window',
      '1996-1997',
      '--uncertainty',
      '--posterior',
      join(dir, 'posterior.csv'),
      '--draws',
      '40',
      '--out',
      out,
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain('not searched');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const evpi = manifest.uncertainty.decision.evpi;
    const evppi = rows(join(out, 'evppi.csv'));
    expect(evppi[0]).toEqual(['input', 'evppi']);
    expect(evppi.slice(1).map((x) => x[0])).toEqual(expect.arrayContaining(['escape', 'police_unit_cost', 'border_inspection_effect']));
    const values = evppi.slice(1).map((x) => Number(x[1]));
    for (const v of values) expect(v).toBeLessThanOrEqual(evpi + 1e-9);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(manifest.uncertainty.decision.evppi_top).toHaveLength(5);
    expect(r.out).toContain('knowing one input alone');
  }, 240_000);

  it('refuses a --sobol that is not a power of two', async () => {
    const r = await compare([join(dir, 'police.yaml'), ...base, '--sobol', '12', '--out', join(dir, 'refused2')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('power of two');
  });

  it('refuses --replicates or --precision with --uncertainty, --draws without it, and an uncalibrated baseline without --posterior (exit code 2)', async () => {
    const p = join(dir, 'police.yaml');
    const out = join(dir, 'refused');
    const a = await compare([p, ...base, '--replicates', '8', '--out', out]);
    expect(a.code).toBe(2);
    expect(a.err).toContain('--uncertainty cannot be used with --replicates');
    const b = await compare([p, '--baseline', TINY, '--draws', '3', '--out', out]);
    expect(b.code).toBe(2);
    expect(b.err).toContain('--draws');
    const c = await compare([p, '--baseline', TINY, '--uncertainty', '--out', out]);
    expect(c.code).toBe(2);
    expect(c.err).toContain('was not calibrated');
  });
});
