import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deepMerge, loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { InputError, formatProblem, type Problem } from '../../engine/kernel/messages.ts';

const BAD = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));
const bad = (name: string) => resolve(BAD, name);

/** The problems loadScenario reports for a file (it must throw InputError). */
function problemsOf(file: string): Problem[] {
  try {
    loadScenario(file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const problems = (e as InputError).problems;
    expect(problems.length).toBeGreaterThan(0);
    // The error's message is every problem formatted.
    expect((e as InputError).message).toBe(problems.map(formatProblem).join('\n'));
    return problems;
  }
  throw new Error(`${file} was accepted`);
}

/** The only problem of a file that has exactly one. */
function onlyProblem(name: string): Problem {
  const problems = problemsOf(bad(name));
  expect(problems.map(formatProblem)).toHaveLength(1);
  const [p] = problems;
  expect(resolve(p.file)).toBe(bad(name));
  return p;
}

const text = (p: Problem) => formatProblem(p);

describe('one problem per kind of bad input, naming the field', () => {
  it('unknown top-level key: suggests the right one', () => {
    const p = onlyProblem('unknown-top-key.yaml');
    expect(p.path).toBe('replicats');
    expect(p.line).toBe(4);
    expect(p.found).toContain('"replicats"');
    expect(p.hint).toBe('did you mean "replicates"?');
    expect(p.expected).toContain('replicates');
    expect(text(p)).toMatch(/unknown-top-key\.yaml:4: replicats: .*did you mean "replicates"\?/);
  });

  it('unknown nested key: suggests the right one, with the full path', () => {
    const p = onlyProblem('unknown-nested-key.yaml');
    expect(p.path).toBe('countries.RO.emigraton');
    expect(p.line).toBe(7);
    expect(p.hint).toBe('did you mean "emigration"?');
    expect(p.expected).toContain('population_at_risk');
  });

  it('missing file', () => {
    const file = bad('does-not-exist.yaml');
    const problems = problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(resolve(problems[0].file)).toBe(file);
    expect(problems[0].message).toMatch(/file not found/);
  });

  it('a missing parent file (extends) is named', () => {
    const problems = problemsOf(bad('extends-missing.yaml'));
    expect(problems).toHaveLength(1);
    expect(resolve(problems[0].file)).toBe(bad('no-such-parent.yaml'));
    expect(problems[0].message).toMatch(/file not found/);
  });

  it('unparsable YAML: reports a parse error with its line', () => {
    const problems = problemsOf(bad('unparsable.yaml'));
    for (const p of problems) {
      expect(resolve(p.file)).toBe(bad('unparsable.yaml'));
      expect(p.message).toMatch(/^cannot parse: /);
      expect(p.line).toBeTypeOf('number');
    }
    // The flow sequence opened on line 4 is never closed: the error is on line 4 or 5.
    expect(problems[0].line).toBeGreaterThanOrEqual(4);
    expect(problems[0].line).toBeLessThanOrEqual(5);
  });

  it('extends cycle: names both files', () => {
    const problems = problemsOf(bad('cycle-a.yaml'));
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect(p.path).toBe('extends');
    expect(p.message).toMatch(/extends cycle/);
    expect(p.message).toContain('cycle-a.yaml');
    expect(p.message).toContain('cycle-b.yaml');
    // Reported at the extends line of the file that closes the cycle.
    expect(resolve(p.file)).toBe(bad('cycle-b.yaml'));
    expect(p.line).toBe(2);
  });

  it('end before start: path end', () => {
    const p = onlyProblem('end-before-start.yaml');
    expect(p.path).toBe('end');
    expect(p.line).toBe(3);
    expect(text(p)).toContain('2000-06'); // names the start it must follow
    expect(text(p)).toContain('2000-01');
  });

  it('negative count: path countries.MD.population_at_risk', () => {
    const p = onlyProblem('negative-count.yaml');
    expect(p.path).toBe('countries.MD.population_at_risk');
    expect(p.line).toBe(5);
    expect(p.expected).toMatch(/≥ 0/);
    expect(p.found).toBe('-5');
  });

  it('NaN (.nan in YAML): path and "NaN" found', () => {
    const p = onlyProblem('nan.yaml');
    expect(p.path).toBe('countries.RO.emigration');
    expect(p.line).toBe(6);
    expect(p.found).toBe('NaN');
    expect(p.expected).toMatch(/number/);
  });

  it('value out of range: names the field and the bound', () => {
    const p = onlyProblem('out-of-range.yaml');
    expect(p.path).toBe('countries.MD.recruited_share');
    expect(p.line).toBe(6);
    expect(p.expected).toMatch(/≤ 1/);
    expect(p.found).toBe('1.5');
  });

  it('expression escape attempt: path ends in .expr and the function is named', () => {
    const p = onlyProblem('expr-escape.yaml');
    expect(p.path).toBe('countries.RO.detection.expr');
    expect(p.line).toBe(6);
    expect(text(p)).toContain('"evaluate" is not allowed');
  });

  it('expression not finite in the run window: path ends in .expr, month named', () => {
    const p = onlyProblem('expr-nonfinite.yaml');
    expect(p.path).toBe('countries.IT.demand.expr');
    expect(p.line).toBe(6);
    expect(text(p)).toMatch(/Infinity/);
    expect(text(p)).toContain('2000-01');
  });

  it('an expression is only checked inside the run window', () => {
    // 1/(year-2000) is finite and positive from 2001 on.
    const dir = fileURLToPath(new URL('../fixtures/', import.meta.url));
    const { scenario } = loadScenario(resolve(dir, 'expr-window-ok.yaml'));
    expect(scenario.countries.IT?.demand).toEqual({ expr: '1 / (year - 2000)' });
  });

  it('border with an unknown country code: path of the border, code named', () => {
    const p = onlyProblem('bad-border.yaml');
    expect(p.path).toBe('borders.RO-QQ');
    expect(p.line).toBe(9);
    expect(text(p)).toContain('"QQ"');
  });

  it('a border country not listed under countries: each such border is named with the country', () => {
    // (Victims identified entering an unlisted country would never be counted as assisted.)
    const problems = problemsOf(bad('border-country-unlisted.yaml'));
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['borders.MD-RO', 8],
      ['borders.HU-RO', 9],
    ]);
    for (const p of problems) expect(text(p)).toContain('countries.RO');
  });

  it('bad date key in a schedule: path of the schedule, bad date named', () => {
    const p = onlyProblem('bad-schedule-date.yaml');
    expect(p.path).toBe('countries.RO.escape.schedule');
    expect(p.line).toBe(8);
    expect(text(p)).toContain('"2001-13"');
  });
});

describe('every problem at once', () => {
  it('a file with many problems reports all of them, each on its line, in line order', () => {
    const problems = problemsOf(bad('many-problems.yaml'));
    const byPath = new Map(problems.map((p) => [p.path, p]));
    const expected: [string, number][] = [
      ['name', 1],
      ['replicats', 2],
      ['end', 4],
      ['seed', 5],
      ['countries.MD.population_at_risk', 7],
      ['countries.MD.emigraton', 7],
      ['countries.RO.detection', 8],
      ['observation.coverage.expr', 10],
    ];
    for (const [path, line] of expected) {
      expect(byPath.get(path), path).toBeDefined();
      expect(byPath.get(path)!.line, path).toBe(line);
    }
    expect(problems.length).toBeGreaterThanOrEqual(expected.length);
    const lines = problems.map((p) => p.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(byPath.get('replicats')!.hint).toBe('did you mean "replicates"?');
    expect(byPath.get('countries.MD.emigraton')!.hint).toBe('did you mean "emigration"?');
  });

  it('a fraction in a whole-number field does not hide the file-level checks (end before start)', () => {
    const problems = problemsOf(bad('fraction-hides-nothing.yaml'));
    const paths = problems.map((p) => p.path);
    expect(paths).toContain('countries.MD.population_at_risk');
    expect(paths).toContain('end');
  });

  it('a problem in a parent file is attributed to the parent, at its line', () => {
    const problems = problemsOf(bad('child-of-bad-parent.yaml'));
    expect(problems).toHaveLength(2);
    const child = problems.find((p) => p.path === 'countries.MD.safe_return')!;
    const parent = problems.find((p) => p.path === 'countries.RO.emigration')!;
    expect(resolve(child.file)).toBe(bad('child-of-bad-parent.yaml'));
    expect(child.line).toBe(5);
    expect(resolve(parent.file)).toBe(bad('bad-parent.yaml'));
    expect(parent.line).toBe(7);
    // Child first (the named file), then the parent.
    expect(problems[0]).toBe(child);
  });
});

describe('deepMerge', () => {
  it('merges mappings key by key, the override winning', () => {
    expect(deepMerge({ a: 1, m: { x: 1, y: 2 } }, { b: 2, m: { y: 3, z: 4 } })).toEqual({ a: 1, b: 2, m: { x: 1, y: 3, z: 4 } });
  });

  it('replaces lists, numbers and strings', () => {
    expect(deepMerge({ l: [1, 2, 3], n: 1, s: 'a' }, { l: [9], n: 2, s: 'b' })).toEqual({ l: [9], n: 2, s: 'b' });
    expect(deepMerge({ v: { x: 1 } }, { v: 5 })).toEqual({ v: 5 });
    expect(deepMerge({ v: 5 }, { v: { x: 1 } })).toEqual({ v: { x: 1 } });
  });

  it('replaces a {schedule} or {expr} time value whole, never mixing dates', () => {
    const base = { e: { schedule: { 1995: 0.1, 2000: 0.2 }, interpolate: 'linear' } };
    expect(deepMerge(base, { e: { schedule: { 2003: 0.5 } } })).toEqual({ e: { schedule: { 2003: 0.5 } } });
    expect(deepMerge(base, { e: { expr: 'year' } })).toEqual({ e: { expr: 'year' } });
    expect(deepMerge({ e: { expr: 'year' } }, { e: 0.3 })).toEqual({ e: 0.3 });
  });

  it('does not change its inputs', () => {
    const base = { m: { x: 1 } };
    const over = { m: { y: 2 } };
    deepMerge(base, over);
    expect(base).toEqual({ m: { x: 1 } });
    expect(over).toEqual({ m: { y: 2 } });
  });

  it('is what extends does: the bundled policy scenario keeps the baseline and overrides', () => {
    const root = fileURLToPath(new URL('../../scenarios/', import.meta.url));
    const base = loadScenario(resolve(root, 'baseline.yaml')).scenario;
    // Policies extend the calibrated baseline, which extends the baseline.
    const calibrated = loadScenario(resolve(root, 'calibrated.yaml')).scenario;
    const policy = loadScenario(resolve(root, 'policies/enforcement-push-only.yaml')).scenario;
    expect(policy.name).toBe('enforcement-push-only');
    expect(policy.start).toBe(base.start);
    expect(policy.countries.RO).toEqual(calibrated.countries.RO);
    // A field no prior touches comes from the baseline through both extends.
    expect(calibrated.countries.RO?.forced_begging).toEqual(base.countries.RO?.forced_begging);
    expect(base.countries.RO?.forced_begging).toBeDefined();
    expect(policy.borders).toEqual(base.borders);
    expect(calibrated.levers).toEqual({});
    expect(base.levers).toEqual({});
    expect(policy.levers.police?.countries).toEqual(['RO', 'CS', 'AL', 'BA', 'XK', 'MK']);
    // The counterfactual replaces the baseline's sourced value whole, and keeps the bloc's other fields.
    const noLift = loadScenario(resolve(root, 'counterfactuals/no-visa-lift.yaml')).scenario;
    expect(noLift.visas.schengen.required.RO).toEqual({ value: 1, assumption: [0, 1], note: 'counterfactual: no visa lift' });
    expect(noLift.visas.schengen.required.MD).toEqual(base.visas.schengen.required.MD);
    expect(noLift.visas.schengen.members).toEqual(base.visas.schengen.members);
  });
});
