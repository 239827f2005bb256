/**
 * The levers' evidence (data/levers.json): the committed docs/LEVERS.md is what the
 * code generates from it, every lever has its figures with reasons, the validator
 * lists every problem of a file at once, and a lever's effect multiplier moves what
 * the mechanisms use without moving what the lever costs.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_UNIT_COST, spend } from '../../engine/model/levers.ts';
import { LEVER_NAMES } from '../../engine/kernel/scenario/levers.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { initState } from '../../engine/model/state.ts';
import { countryIndex } from '../../engine/kernel/scenario/countries.ts';
import { SeedTree } from '../../engine/kernel/rng.ts';
import { InputError } from '../../engine/kernel/messages.ts';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import type { ScenarioInput } from '../../engine/kernel/scenario/schema.ts';
import { leverEvidence, leverInputs, loadLeverEvidence, parseLeverEvidence } from '../../engine/kernel/scenario/lever-evidence.ts';
import { leversMarkdown } from '../../engine/docs/levers-doc.ts';
import { leversDocument } from '../../engine/docs/levers.ts';
import { loadPriors } from '../../engine/apps/calibration/setup.ts';
import { missingPaths } from '../../engine/kernel/scenario/edits.ts';
import { metric, replicates, scenarioOf, withPoliceLever } from '../model/helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const raw = () => JSON.parse(readFileSync(join(ROOT, 'data/levers.json'), 'utf8')) as Record<string, any>;

/** The problems an evidence file given as data is rejected with (fails if it is accepted). */
function problemsOf(data: unknown): InputError {
  try {
    parseLeverEvidence(data, 'levers.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('accepted');
}

describe('docs/LEVERS.md', () => {
  it('is what the code generates from data/levers.json (regenerate with "npm run docs:levers")', () => {
    expect(readFileSync(join(ROOT, 'docs/LEVERS.md'), 'utf8')).toBe(leversDocument());
  });

  it('says how many of the figures are assumptions, counted from the data', () => {
    const e = leverEvidence();
    const inputs = leverInputs(e);
    const text = leversMarkdown(e);
    expect(text).toContain(
      `${inputs.length} figures (${LEVER_NAMES.length} unit costs and ${inputs.length - LEVER_NAMES.length} effect sizes)`,
    );
    // One cited figure changes the count.
    const cited = structuredClone(e);
    cited.police.unit_cost = { ...cited.police.unit_cost, source: 'budget', reference: 'A budget, 2003.' };
    expect(leversMarkdown(cited)).toContain(`${inputs.length - 1} are assumptions and 1 from budget lines`);
    for (const name of LEVER_NAMES) expect(text).toContain(`## \`${name}\``);
  });
});

describe('data/levers.json', () => {
  const e = leverEvidence();

  it('gives every lever a unit cost with a range and a reason, and at least one effect with a reason', () => {
    expect(
      Object.keys(e)
        .filter((k) => k !== '$comment')
        .sort(),
    ).toEqual([...LEVER_NAMES].sort());
    for (const name of LEVER_NAMES) {
      const c = e[name].unit_cost;
      expect(c.low, name).toBeLessThan(c.high);
      expect(c.value, name).toBeGreaterThanOrEqual(c.low);
      expect(c.value, name).toBeLessThanOrEqual(c.high);
      expect(c.reason.trim().length, name).toBeGreaterThan(20);
      expect(e[name].effects.length, name).toBeGreaterThan(0);
      for (const f of e[name].effects) expect(f.reason.trim().length, `${name} ${f.name}`).toBeGreaterThan(20);
      // The lever's own multiplier is among its effects, at 1 by default.
      expect(e[name].effects.find((f) => f.path === `levers.${name}.effect`)?.value, name).toBe(1);
      // The default unit cost the model uses is the file's.
      expect(DEFAULT_UNIT_COST[name]).toBe(c.value);
    }
  });

  it('lists each uncertain input once, in the form of a calibration prior', () => {
    const inputs = leverInputs(e);
    expect(new Set(inputs.map((i) => i.name)).size).toBe(inputs.length);
    expect(inputs.filter((i) => i.kind === 'unit_cost').map((i) => i.name)).toEqual(LEVER_NAMES.map((n) => `${n}_unit_cost`));
    expect(inputs.find((i) => i.name === 'police_unit_cost')).toEqual({
      name: 'police_unit_cost',
      lever: 'police',
      kind: 'unit_cost',
      paths: ['levers.police.unit_cost'],
      mode: 'set',
      distribution: e.police.unit_cost.distribution,
      low: e.police.unit_cost.low,
      high: e.police.unit_cost.high,
      value: e.police.unit_cost.value,
    });
    // Information's own effect is one input, under both awareness levers in the file.
    expect(inputs.filter((i) => i.paths.includes('behaviour.aware_acceptance')).map((i) => [i.name, i.lever])).toEqual([
      ['aware_acceptance', 'awareness'],
    ]);
  });

  it('sets no calibrated parameter, and every effect path exists in a scenario that uses every lever', () => {
    const calibrated = new Set(loadPriors(join(ROOT, 'calibration/priors.yaml')).flatMap((p) => p.paths));
    const { scenario: baseline } = loadScenario(join(ROOT, 'scenarios/baseline.yaml'));
    const all = { ...baseline, levers: Object.fromEntries(LEVER_NAMES.map((n) => [n, { level: 0, effect: 1 }])) } as typeof baseline;
    for (const input of leverInputs(e).filter((i) => i.kind === 'effect')) {
      for (const path of input.paths) expect(calibrated.has(path), path).toBe(false);
      expect(missingPaths(all, input), input.name).toEqual([]);
    }
    // Information's effect keeps the baseline's value and stays within its assumption range.
    const aware = leverInputs(e).find((i) => i.name === 'aware_acceptance')!;
    const b = baseline.behaviour.aware_acceptance as { value: number; assumption: [number, number] };
    expect(aware.value).toBe(b.value);
    expect([aware.low, aware.high]).toEqual(b.assumption);
  });
});

describe('the evidence validator', () => {
  it('rejects a file missing a lever', () => {
    const d = raw();
    delete d.police;
    const err = problemsOf(d);
    expect(err.problems.map((p) => p.path)).toEqual(['police']);
    expect(err.message).toMatch(/police: expected a mapping, found nothing/);
  });

  it('rejects a value outside its range', () => {
    const d = raw();
    d.jobs.unit_cost.value = d.jobs.unit_cost.high * 2;
    const err = problemsOf(d);
    expect(err.problems.map((p) => p.path)).toEqual(['jobs.unit_cost.value']);
    expect(err.message).toMatch(/expected a value within its range/);
  });

  it('rejects an unknown lever, with a suggestion', () => {
    const d = raw();
    d.polise = structuredClone(d.police);
    const err = problemsOf(d);
    expect(err.problems.map((p) => p.path)).toEqual(['polise']);
    expect(err.message).toMatch(/did you mean "police"/);
  });

  it('lists every problem of a file at once, in one error', () => {
    const d = raw();
    delete d.police;
    d.jobs.unit_cost.value = d.jobs.unit_cost.low / 2;
    d.sentencing.effects[0].value = 99;
    d.polise = {};
    d.border_inspection.unit_cost.reason = '  ';
    d.anti_corruption.unit_cost.source = 'budget';
    d.buyer_punishment.unit_cost.low = 0; // log-uniform from 0
    d.awareness_targeted.effects[1].value = 0.9; // information's effect, not as under awareness
    const paths = problemsOf(d)
      .problems.map((p) => p.path)
      .sort();
    expect(paths).toEqual(
      [
        'police',
        'jobs.unit_cost.value',
        'sentencing.effects[0].value',
        'polise',
        'border_inspection.unit_cost.reason',
        'anti_corruption.unit_cost.reference',
        'buyer_punishment.unit_cost.low',
        'awareness_targeted.effects[1].name',
      ].sort(),
    );
  });

  it('reads a user file, and reports one it cannot read or parse as input errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tipsim-levers-'));
    const good = join(dir, 'good.json');
    const d = raw();
    d.police.unit_cost = { ...d.police.unit_cost, value: 8000, source: 'budget', reference: 'A ministry budget, 2003.' };
    writeFileSync(good, JSON.stringify(d));
    expect(loadLeverEvidence(good).police.unit_cost.value).toBe(8000);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "police": ');
    expect(() => loadLeverEvidence(broken)).toThrow(InputError);
    expect(() => loadLeverEvidence(broken)).toThrow(/broken\.json: cannot parse/);
    expect(() => loadLeverEvidence(join(dir, 'none.json'))).toThrow(/none\.json: file not found/);
    rmSync(dir, { recursive: true });
  });
});

describe('a lever’s effect multiplier', () => {
  /** Three countries (MD, RO, IT), two years, the police lever in IT at level 2. */
  const input = (effect?: number): ScenarioInput => ({
    ...withPoliceLever({ level: 2, countries: ['IT'], ...(effect === undefined ? {} : { effect }) }),
    name: 'effect',
  });

  it('doubles the police capacity the lever adds at effect 2, and leaves its cost unchanged', () => {
    const one = resolveParams(scenarioOf(input()));
    const two = resolveParams(scenarioOf(input(2)));
    const T = one.clock.ticks;
    const it = countryIndex('IT');
    expect(one.country.police_capacity[it * T]).toBe(2);
    expect(two.country.police_capacity[it * T]).toBe(4);
    expect(Array.from(two.levers.police!.effective.subarray(it * T, (it + 1) * T))).toEqual(new Array(T).fill(4));
    expect(Array.from(two.levers.police!.level)).toEqual(Array.from(one.levers.police!.level));
    // spend: the level paid for, at the default unit cost, whatever the effect.
    const cost = (p: typeof one) => {
      const s = initState(p, new SeedTree(p.seed, 0));
      const out = new Float64Array(3);
      spend(s, out);
      return Array.from(out);
    };
    expect(cost(two)).toEqual([0, 2 * DEFAULT_UNIT_COST.police, 0]);
    expect(cost(two)).toEqual(cost(one));
    // And over a run.
    const a = replicates(input(), 1),
      b = replicates(input(2), 1);
    expect(metric(b.series[0], 'cost_supply', 'ALL', b.ticks)).toEqual(metric(a.series[0], 'cost_supply', 'ALL', a.ticks));
  });

  it('is 1 by default, where the effective level is the level', () => {
    const s = scenarioOf(input());
    expect(s.levers.police!.effect).toBe(1);
    const p = resolveParams(s);
    expect(Array.from(p.levers.police!.effective)).toEqual(Array.from(p.levers.police!.level));
  });

  it('moves the demand and awareness levers by their effective level', () => {
    const base = input() as Record<string, any>;
    const p = resolveParams(
      scenarioOf({
        ...base,
        levers: { buyer_punishment: { level: 0.2, effect: 2 }, awareness: { level: 0.1, effect: 0.5 } },
      } as ScenarioInput),
    );
    const T = p.clock.ticks;
    const it = countryIndex('IT'),
      md = countryIndex('MD');
    expect(p.demand[it * T]).toBeCloseTo(1 - 0.4, 12);
    expect(p.levers.awareness!.effective[md * T]).toBeCloseTo(0.05, 12);
    expect(p.levers.awareness!.level[md * T]).toBe(0.1);
  });
});
