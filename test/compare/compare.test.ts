/**
 * tipsim compare on the tiny scenario: common random numbers (a scenario compared
 * with itself differs by exactly zero), a lever that changes the trade shows a
 * nonzero paired difference, the outputs (comparison.csv's columns, series.csv,
 * charts, report.html) and their independence of the number of workers, and the
 * precision mode adding replicates up to its cap.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY, compare, rows } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tipsim-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'same.yaml'), `extends: ${JSON.stringify(TINY)}\nname: same\n`);
writeFileSync(join(dir, 'police.yaml'), `extends: ${JSON.stringify(TINY)}\nname: police\ncountries: { MD: { police_capacity: 30 } }\n`);

describe('tipsim compare', () => {
  it('a scenario compared with itself differs by exactly zero; a police push by a nonzero amount', async () => {
    const out = join(dir, 'c1');
    const r = await compare([
      join(dir, 'same.yaml'),
      join(dir, 'police.yaml'),
      '--baseline',
      TINY,
      '--window',
      '1996-1997',
      '--replicates',
      '6',
      '--workers',
      '2',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const csv = rows(join(out, 'comparison.csv'));
    expect(csv[0]).toEqual(['scenario', 'metric', 'window', 'mean', 'lo', 'hi', 'diff', 'diff_lo', 'diff_hi']);
    const same = csv.filter((x) => x[0] === 'same' && x[1] !== 'averted_per_million');
    expect(same.length).toBe(6);
    for (const x of same) expect([x[6], x[7], x[8]]).toEqual(['0', '0', '0']);
    const police = csv.find((x) => x[0] === 'police' && x[1] === 'true_victims')!;
    expect(Number(police[6])).not.toBe(0);
    expect(Number(police[7])).toBeLessThanOrEqual(Number(police[6]));
    expect(Number(police[8])).toBeGreaterThanOrEqual(Number(police[6]));
    expect(csv.every((x, i) => i === 0 || x[2] === '1996-1997')).toBe(true);
    // Charts, report and manifest.
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    for (const f of manifest.files) expect(existsSync(join(out, f)), f).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const id of ['visibility-gap', 'effects', 'strategies', 'destinations', 'corruption']) expect(html).toContain(`id="${id}"`);
    expect(r.out).toContain(`report: ${join(out, 'report.html')}`);
    expect(manifest.scenarios.map((s: { name: string }) => s.name)).toEqual(['baseline', 'same', 'police']);
  }, 120_000);

  it('gives the same comparison on 1 and 2 workers', async () => {
    const a = join(dir, 'w1'),
      b = join(dir, 'w2');
    const args = [join(dir, 'police.yaml'), '--baseline', TINY, '--window', '1996-1997', '--replicates', '4', '-q'];
    await compare([...args, '--workers', '1', '--out', a]);
    await compare([...args, '--workers', '2', '--out', b]);
    expect(readFileSync(join(b, 'comparison.csv'), 'utf8')).toBe(readFileSync(join(a, 'comparison.csv'), 'utf8'));
    expect(readFileSync(join(b, 'series.csv'), 'utf8')).toBe(readFileSync(join(a, 'series.csv'), 'utf8'));
  }, 120_000);

  it('--precision adds replicates in rounds up to its cap and says which intervals stayed too wide', async () => {
    const out = join(dir, 'p');
    const r = await compare([
      join(dir, 'police.yaml'),
      '--baseline',
      TINY,
      '--window',
      '1996-1997',
      '--replicates',
      '3',
      '--precision',
      '0.001',
      '--max-replicates',
      '6',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('3 replicates: widest headline interval');
    expect(r.err).toContain('6 replicates: widest headline interval');
    expect(r.out).toContain('precision not reached at the replicate cap for:');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.replicates).toBe(6);
    expect(manifest.precision_unmet.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a bad window or precision with exit code 2', async () => {
    expect((await compare([join(dir, 'police.yaml'), '--baseline', TINY, '--window', '2010-2003'])).code).toBe(2);
    expect((await compare([join(dir, 'police.yaml'), '--baseline', TINY, '--precision', '5'])).code).toBe(2);
  });
});
