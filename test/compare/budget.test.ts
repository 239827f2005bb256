/**
 * Levers at equal budgets: scaling a scenario's levers, one lever alone, the budget
 * list, and `tipsim compare --budgets --each-lever` on the tiny scenario, where the
 * police lever's cost is level × unit cost exactly, so each variant spends its budget.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY, compare } from './helpers.ts';
import { leverAlone, leversOf, parseBudgets, scaleLevers, unscalable } from '../../engine/apps/compare/budget.ts';
import { scenarioOf } from '../model/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tipsim-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policy = scenarioOf({
  name: 'p',
  start: '1995-01',
  end: '1997-12',
  countries: { MD: { population_at_risk: 100 } },
  levers: {
    police: { level: { schedule: { 1995: 0, 1996: 4 } }, countries: ['MD'] },
    awareness: { level: 0.01, unit_cost: 3 },
  },
});

describe('levers at a budget', () => {
  it('scales every level (a number, each point of a schedule) and keeps the rest of each lever', () => {
    const s = scaleLevers(policy, 2.5, 'p@x');
    expect(s.name).toBe('p@x');
    expect(s.levers!.police!.level).toEqual({
      schedule: { 1995: 0, 1996: 10 },
      interpolate: (policy.levers!.police!.level as { interpolate?: string }).interpolate,
    });
    expect(s.levers!.police!.countries).toEqual(['MD']);
    expect(s.levers!.awareness!.level).toBeCloseTo(0.025, 12);
    expect(s.levers!.awareness!.unit_cost).toBe(3);
    expect(policy.levers!.police!.level).toEqual(expect.objectContaining({ schedule: { 1995: 0, 1996: 4 } }));
  });

  it('splits out one lever, lists levers in the model order, and finds no expression in numbers and schedules', () => {
    expect(leversOf(policy)).toEqual(['awareness', 'police']);
    expect(leversOf(leverAlone(policy, 'police', 'only'))).toEqual(['police']);
    expect(unscalable(policy)).toEqual([]);
  });

  it('parses a budget list in million EUR, sorted and without repeats, and refuses anything else', () => {
    expect(parseBudgets('50, 25,100,25')).toEqual([25, 50, 100]);
    expect(parseBudgets('2.5')).toEqual([2.5]);
    for (const bad of ['', '25,,50', '-5', '0', 'ten', '1e3']) expect(parseBudgets(bad), bad).toBeUndefined();
  });
});

describe('tipsim compare --budgets --each-lever', () => {
  writeFileSync(
    join(dir, 'mix.yaml'),
    `extends: ${JSON.stringify(TINY)}\nname: mix\nlevers:\n  police: { level: { schedule: { 1995: 0, 1996: 2 } } }\n  border_inspection: { level: { schedule: { 1995: 0, 1996: 0.5 } } }\n`,
  );
  writeFileSync(join(dir, 'none.yaml'), `extends: ${JSON.stringify(TINY)}\nname: none\n`);

  it('runs each scenario and each lever alone at every budget; the police lever alone spends exactly its budget', async () => {
    const out = join(dir, 'b');
    const r = await compare([
      join(dir, 'mix.yaml'),
      '--baseline',
      TINY,
      '--window',
      '1996-1997',
      '--replicates',
      '2',
      '--budgets',
      '0.05,0.1',
      '--each-lever',
      '--workers',
      '1',
      '--out',
      out,
      '-q',
    ]);
    expect(r.code, r.err).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.scenarios.map((s: { name: string }) => s.name)).toEqual([
      'baseline',
      'mix@0.05M',
      'mix@0.1M',
      'police-alone@0.05M',
      'police-alone@0.1M',
      'border_inspection-alone@0.05M',
      'border_inspection-alone@0.1M',
    ]);
    const variant = manifest.scenarios[3].variant;
    expect(variant).toEqual(expect.objectContaining({ from: 'mix', lever: 'police', budget: 0.05 }));
    const cost = (name: string) =>
      Number(
        readFileSync(join(out, 'comparison.csv'), 'utf8')
          .split('\n')
          .find((l) => l.startsWith(`${name},cost,`))!
          .split(',')[3],
      );
    expect(cost('police-alone@0.05M')).toBeCloseTo(50_000, 3);
    expect(cost('police-alone@0.1M')).toBeCloseTo(100_000, 3);
    // The mix's cost is its budget up to how its units follow the state (border inspection's do not either).
    expect(cost('mix@0.1M') / cost('mix@0.05M')).toBeCloseTo(2, 6);
    // The cost-effectiveness curves: one line per scenario or lever, in the report and as a chart.
    const spec = JSON.parse(readFileSync(join(out, 'cost-curves.vl.json'), 'utf8'));
    // A panel for the scenarios and one for the levers alone.
    expect(spec.vconcat).toHaveLength(2);
    const points = spec.vconcat.flatMap((p: { data: { values: { series: string; budget: number }[] } }) => p.data.values) as {
      series: string;
      budget: number;
    }[];
    expect(new Set(points.map((p) => p.series))).toEqual(new Set(['mix', 'police alone', 'border_inspection alone']));
    // At what each spent, which is its budget here: no lever of the mix is capped.
    const mix = points
      .filter((p) => p.series === 'mix')
      .map((p) => p.budget)
      .sort();
    expect(mix[0]).toBeCloseTo(0.05, 9);
    expect(mix[1]).toBeCloseTo(0.1, 9);
    expect(manifest.scenarios[4].variant.spent).toBeCloseTo(0.1, 9);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('id="cost-curves"');
  }, 120_000);

  it('says when a scenario cannot spend its budget because its lever is capped, and draws what it spent', async () => {
    // Anti-corruption's cost counts investigations at min(1, level): past a level of 1 it spends no more.
    writeFileSync(
      join(dir, 'capped.yaml'),
      `extends: ${JSON.stringify(TINY)}\nname: capped\nlevers: { anti_corruption: { level: { schedule: { 1995: 0, 1996: 0.5 } } } }\n`,
    );
    const out = join(dir, 'capped');
    const r = await compare([
      join(dir, 'capped.yaml'),
      '--baseline',
      TINY,
      '--window',
      '1996-1997',
      '--replicates',
      '2',
      '--budgets',
      '0.3,1000',
      '--workers',
      '1',
      '--out',
      out,
    ]);
    expect(r.code, r.err).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const big = manifest.scenarios.find((s: { name: string }) => s.name === 'capped@1000M').variant;
    expect(big.spent).toBeLessThan(1);
    expect(r.err).toContain(`capped@1000M: spent ${big.spent.toPrecision(3)} million EUR, not its 1000`);
    expect(r.err).not.toContain('capped@0.3M: spent');
    expect(manifest.scenarios.find((s: { name: string }) => s.name === 'capped@0.3M').variant.spent).toBeCloseTo(0.3, 6);
  }, 120_000);

  it('refuses a scenario that spends nothing and a bad budget list (exit code 2), before any comparison run', async () => {
    const out = join(dir, 'refused');
    const a = await compare([join(dir, 'none.yaml'), '--baseline', TINY, '--window', '1996-1997', '--budgets', '1', '--out', out]);
    expect(a.code).toBe(2);
    expect(a.err).toContain('to scale to a budget');
    const b = await compare([join(dir, 'mix.yaml'), '--baseline', TINY, '--budgets', '25,,50', '--out', out]);
    expect(b.code).toBe(2);
    expect(b.err).toContain('--budgets');
  });
});
