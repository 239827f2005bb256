/**
 * Limits of scenario input: bounds on counts, sizes and amounts; files that are
 * too large or not regular files; YAML aliases; reserved keys; `extends` outside
 * the project; and long user text cut in messages. Each case is checked through
 * loadScenario and, where the user sees it, through the command line in-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, MAX_FILE_BYTES, MAX_DEPTH, type LoadOptions } from '../../engine/kernel/scenario/loader.ts';
import { LIMITS, scenarioJsonSchema } from '../../engine/kernel/scenario/schema.ts';
import { compileExpression, EXPRESSION_MAX_LENGTH, ExpressionError } from '../../engine/kernel/timevalue.ts';
import { InputError, formatProblem, type Problem } from '../../engine/kernel/messages.ts';
import { runCli as run } from '../cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TINY = join(ROOT, 'scenarios', 'tiny.yaml');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tipsim-limits-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Writes a file under the temporary folder (creating folders) and returns its path. */
function write(name: string, text: string | Buffer): string {
  const path = join(tmp, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A small valid scenario with `extra` lines appended (YAML). */
const scenario = (extra = '', name = 'limits') =>
  `name: ${name}\nstart: 1995-01\nend: 1996-12\ncountries:\n  MD: { population_at_risk: 1000, emigration: 0.01 }\n  RO: { demand: 1 }\nborders:\n  MD-RO: { interception: 0.1 }\n${extra}`;

/** The problems loadScenario reports (it must throw InputError). */
function problemsOf(path: string, options?: LoadOptions): Problem[] {
  try {
    loadScenario(path, options);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error(`${path} was accepted`);
}

const byPath = (problems: Problem[], path: string) => {
  const found = problems.filter((p) => p.path === path);
  expect(found, `a problem at ${path} in:\n${problems.map(formatProblem).join('\n')}`).toHaveLength(1);
  return found[0];
};

/** `tipsim validate file` refuses it as bad input: exit 2, no internal error, no stack trace. */
async function refused(file: string): Promise<string> {
  const r = await run(['validate', file]);
  expect(r.code).toBe(2);
  expect(r.err).not.toContain('internal error');
  expect(r.err).not.toContain('    at ');
  expect(r.err).toContain(`${file}: `);
  return r.err;
}

describe('upper bounds of counts, sizes and amounts', () => {
  it('a population at risk of 2^53 - 1 is a problem naming the field, the line and the maximum', async () => {
    const file = write('population.yaml', scenario().replace('population_at_risk: 1000', 'population_at_risk: 9007199254740991'));
    const p = byPath(problemsOf(file), 'countries.MD.population_at_risk');
    expect(p.file).toBe(file);
    expect(p.line).toBe(5);
    expect(p.expected).toBe('a number ≤ 100000000');
    expect(p.found).toBe('9007199254740991');
    const err = await refused(file);
    expect(err).toContain(`${file}:5: countries.MD.population_at_risk: expected a number ≤ 100000000, found 9007199254740991`);
  });

  it('values at the bounds are accepted', () => {
    const file = write(
      'at-bounds.yaml',
      scenario(
        `seed: ${LIMITS.seed}\nnetworks:\n  initial: { MD: ${LIMITS.networksInitial} }\n  criminal_pool: { MD: ${LIMITS.criminalPool} }\neconomics: { revenue: ${LIMITS.revenue}, bribe: ${LIMITS.eur} }\n`,
      )
        .replace(
          'population_at_risk: 1000',
          `population_at_risk: ${LIMITS.populationAtRisk}, wage: ${LIMITS.wage}, police_capacity: ${LIMITS.operations}`,
        )
        .replace('demand: 1', `demand: ${LIMITS.demand}`)
        .replace('start: 1995-01', 'start: 1900-01')
        .replace('end: 1996-12', 'end: 2000-01'),
    );
    const { scenario: s } = loadScenario(file);
    expect(s.countries.MD!.population_at_risk).toBe(LIMITS.populationAtRisk);
    expect(s.networks.initial.MD).toBe(LIMITS.networksInitial);
    expect(s.seed).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('counts, rates and money past their bounds are each a problem, all reported at once', () => {
    const file = write(
      'over.yaml',
      scenario(
        [
          'networks:',
          '  initial: { MD: 10000000 }',
          '  criminal_pool: { MD: 1000000001 }',
          'economics: { revenue: 1e308, bribe: 1e10, transport_cost: { visa: .inf } }',
          'police: { venue_background: 1e300 }',
          'levers:',
          '  police: { level: 1e7, unit_cost: 1e12 }',
          'agents: { capacity: 10000001 }',
          'replicates: 100001',
          '',
        ].join('\n'),
      )
        .replace('demand: 1', 'demand: 1e308, wage: 2e6')
        .replace('emigration: 0.01', 'emigration: 0.01, police_capacity: { schedule: { 1995: 1, 1996: 1e7 } }'),
    );
    const problems = problemsOf(file);
    const expected: Record<string, string> = {
      'countries.MD.police_capacity.schedule.1996': 'a number ≤ 1000000',
      'countries.RO.demand': 'a number ≤ 1000000',
      'countries.RO.wage': 'a number ≤ 1000000',
      'networks.initial.MD': 'a number ≤ 3000',
      'networks.criminal_pool.MD': 'a number ≤ 1000000',
      'economics.revenue': 'a number ≤ 10000000',
      'economics.bribe': 'a number ≤ 1000000000',
      'economics.transport_cost.visa': 'a number',
      'police.venue_background': 'a number ≤ 1000000000',
      'levers.police.level': 'a number ≤ 1000000',
      'levers.police.unit_cost': 'a number ≤ 1000000000',
      'agents.capacity': 'a number ≤ 10000000',
      replicates: 'a number ≤ 100000',
    };
    for (const [path, exp] of Object.entries(expected)) expect(byPath(problems, path).expected, path).toBe(exp);
    expect(byPath(problems, 'economics.transport_cost.visa').found).toBe('Infinity');
  });

  it('the window: years 1900 to 2100, at most 100 years long', () => {
    const early = byPath(problemsOf(write('early.yaml', scenario().replace('start: 1995-01', 'start: 1800-01'))), 'start');
    expect(early.expected).toBe('a date in the years 1900 to 2100');
    expect(early.found).toBe('"1800-01"');
    const late = byPath(problemsOf(write('late.yaml', scenario().replace('end: 1996-12', 'end: 9999'))), 'end');
    expect(late.expected).toBe('a date in the years 1900 to 2100');
    const long = byPath(
      problemsOf(write('long.yaml', scenario().replace('start: 1995-01', 'start: 1900-01').replace('end: 1996-12', 'end: 2000-02'))),
      'end',
    );
    expect(long.expected).toBe('a date at most 100 years after start (1900-01)');
  });

  it('lists, schedules and text have a maximum length', () => {
    const schedule = Array.from(
      { length: 1001 },
      (_, i) => `"${1900 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}": 0.1`,
    ).join(', ');
    const events = Array.from({ length: 1001 }, () => '  - { kind: eu_accession, date: 2007, countries: [RO] }').join('\n');
    const countries = `[${Array.from({ length: 22 }, () => 'MD').join(', ')}]`;
    const file = write(
      'lengths.yaml',
      scenario(
        [
          `description: "${'d'.repeat(LIMITS.descriptionLength + 1)}"`,
          `observation: { coverage: { schedule: { ${schedule} } }, escaped_referral: { value: 0.3, source: "${'s'.repeat(LIMITS.sourceLength + 1)}" } }`,
          `levers:\n  police: { level: 1, countries: ${countries} }`,
          `events:\n${events}`,
          '',
        ].join('\n'),
        'n'.repeat(LIMITS.nameLength + 1),
      ),
    );
    const problems = problemsOf(file);
    expect(byPath(problems, 'name').expected).toBe('text of at most 100 characters');
    expect(byPath(problems, 'description').expected).toBe('text of at most 10000 characters');
    expect(byPath(problems, 'observation.escaped_referral.source').expected).toBe('text of at most 2000 characters');
    expect(byPath(problems, 'observation.coverage.schedule').expected).toBe('at most 1000 dates in a schedule');
    expect(byPath(problems, 'levers.police.countries').expected).toBe('a list of at most 21 items');
    expect(byPath(problems, 'events').expected).toBe('a list of at most 1000 items');
  });

  it('the JSON Schema states a finite maximum for every number and every list of variable length', () => {
    const schema = scenarioJsonSchema();
    const unbounded: string[] = [];
    let numbers = 0;
    const walk = (node: unknown, where: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'number' || n.type === 'integer') {
        numbers++;
        if (typeof n.maximum !== 'number' || !Number.isFinite(n.maximum)) unbounded.push(where);
      }
      if (n.type === 'array' && n.maxItems === undefined && n.prefixItems === undefined) unbounded.push(where);
      for (const [k, v] of Object.entries(n)) walk(v, `${where}.${k}`);
    };
    walk(schema, '');
    expect(numbers).toBeGreaterThan(100);
    expect(unbounded).toEqual([]);
    const text = JSON.stringify(schema);
    expect(text).toContain('People at home in the population at risk (count). Range [0, 100000000].');
    expect(text).toContain(`"maxLength":${EXPRESSION_MAX_LENGTH}`);
    expect(text).toContain('"maxProperties":1000');
  });
});

describe('scenario files: size and kind are checked before reading', () => {
  it('a 3 MiB file is refused by its size, naming the limit', async () => {
    const file = write('big.yaml', Buffer.alloc(3 * 1024 * 1024, 'a'));
    const problems = problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file,
      expected: `a scenario file of at most 512 KiB (${MAX_FILE_BYTES} bytes)`,
      found: '3145728 bytes; it was not read',
    });
    expect(await refused(file)).toContain('at most 512 KiB');
  });

  it('a sparse file of 8 GB is refused without reading it', () => {
    const file = write('sparse.yaml', '');
    truncateSync(file, 8 * 1024 ** 3);
    expect(problemsOf(file)[0].found).toBe(`${8 * 1024 ** 3} bytes; it was not read`);
  });

  it('a file one byte over the limit is refused; one at the limit is read', () => {
    const head = scenario();
    const at = write('at-limit.yaml', head + '#'.repeat(MAX_FILE_BYTES - Buffer.byteLength(head)));
    expect(loadScenario(at).scenario.name).toBe('limits');
    const over = write('over-limit.yaml', head + '#'.repeat(MAX_FILE_BYTES - Buffer.byteLength(head) + 1));
    expect(problemsOf(over)[0].found).toBe(`${MAX_FILE_BYTES + 1} bytes; it was not read`);
  });

  it('a folder, a character device and a named pipe are refused as not regular files', async () => {
    mkdirSync(join(tmp, 'folder.yaml'));
    expect(problemsOf(join(tmp, 'folder.yaml'))[0]).toMatchObject({ expected: 'a regular file', found: 'a folder; it was not read' });
    expect(problemsOf('/dev/zero')[0]).toMatchObject({ file: '/dev/zero', found: 'a character device; it was not read' });
    expect(await refused('/dev/zero')).toContain('/dev/zero: expected a regular file, found a character device');
    const fifo = join(tmp, 'pipe.yaml');
    if (spawnSync('mkfifo', [fifo]).status === 0) expect(problemsOf(fifo)[0].found).toBe('a named pipe (FIFO); it was not read');
  });

  it('extends: /dev/zero is refused (outside the folder), and as a device when outside files are allowed', async () => {
    const file = write('zero.yaml', scenario('extends: /dev/zero\n'));
    const [outside] = problemsOf(file);
    expect(outside).toMatchObject({ file, line: 9, path: 'extends' });
    expect(outside.hint).toContain('--allow-outside-extends');
    const [device] = problemsOf(file, { allowOutsideExtends: true });
    expect(device).toMatchObject({ file: '/dev/zero', expected: 'a regular file', found: 'a character device; it was not read' });
    await refused(file);
  });
});

describe('YAML aliases', () => {
  const bomb = [
    'name: bomb',
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    '',
  ].join('\n');

  it('an alias bomb is a parse problem of the file (exit 2), not an internal error', async () => {
    const file = write('bomb.yaml', bomb);
    const problems = problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe(file);
    expect(problems[0].message).toMatch(/^cannot parse: the aliases \(\*name\) expand to more than 100 copies/);
    const err = await refused(file);
    expect(err).toContain('cannot parse: the aliases');
    expect(err).not.toMatch(/ReferenceError|Excessive/);
  });

  it('an alias with no anchor before it, and one inside the value it names, are problems with their lines', () => {
    const unresolved = problemsOf(write('unresolved.yaml', scenario('observation:\n  coverage: *nowhere\n')));
    expect(unresolved).toEqual([
      expect.objectContaining({ line: 10, path: 'observation.coverage', found: '*nowhere with no such anchor before it' }),
    ]);
    const cycle = problemsOf(write('cycle.yaml', scenario('observation: &o\n  coverage: { value: *o, source: x }\n')));
    expect(cycle).toEqual([expect.objectContaining({ line: 10, path: 'observation.coverage.value' })]);
    expect(cycle[0].found).toContain('*o inside the value it names');
  });

  it('ordinary aliases still work (as in the baseline)', () => {
    const file = write('alias-ok.yaml', scenario('observation:\n  coverage: &c 0.5\n  escaped_referral: *c\n'));
    expect(loadScenario(file).scenario.observation.escaped_referral).toBe(0.5);
  });
});

describe('reserved keys', () => {
  it('__proto__, constructor and prototype anywhere are problems with file and line, reported with the others', async () => {
    const file = write(
      'reserved.yaml',
      [
        'name: reserved',
        'start: 1995',
        'end: 1996',
        '__proto__: { polluted: 1 }',
        'countries:',
        '  __proto__: { population_at_risk: 5 }',
        '  MD: { population_at_risk: 9007199254740991, constructor: 1 }',
        '  RO: { demand: 1 }',
        'borders:',
        '  MD-RO: { interception: 0.1, prototype: 2 }',
        'levers:',
        '  police: { level: { schedule: { 1995: 1, __proto__: 2 } } }',
        'key: &k constructor',
        'observation: { *k : 1 }',
        '',
      ].join('\n'),
    );
    const problems = problemsOf(file);
    const reserved = problems.filter((p) => p.expected === 'a field name');
    expect(reserved.map((p) => [p.line, p.path, p.found])).toEqual([
      [4, '__proto__', 'the reserved key __proto__'],
      [6, 'countries.__proto__', 'the reserved key __proto__'],
      [7, 'countries.MD.constructor', 'the reserved key constructor'],
      [10, 'borders.MD-RO.prototype', 'the reserved key prototype'],
      [12, 'levers.police.level.schedule.__proto__', 'the reserved key __proto__'],
      [14, 'observation.constructor', 'the reserved key constructor'],
    ]);
    // The file's other problems come with them.
    expect(byPath(problems, 'countries.MD.population_at_risk').expected).toBe('a number ≤ 100000000');
    expect(byPath(problems, 'key').found).toBe('unknown key "key"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const err = await refused(file);
    expect(err).toContain(`${file}:6: countries.__proto__: expected a field name, found the reserved key __proto__`);
  });

  it('a parent and a child that both write constructor do not merge into Object', () => {
    write('proto/parent.yaml', scenario('observation: { constructor: { name: x } }\n'));
    const child = write('proto/child.yaml', 'extends: parent.yaml\nobservation: { constructor: { length: 1 } }\n');
    const problems = problemsOf(child);
    expect(problems.map((p) => [p.file.endsWith('child.yaml'), p.path])).toEqual([
      [true, 'observation.constructor'],
      [false, 'observation.constructor'],
    ]);
  });

  it('a key written twice is a problem naming both lines', () => {
    const problems = problemsOf(write('twice.yaml', scenario('seed: 1\nseed: 2\n')));
    expect(problems).toEqual([
      expect.objectContaining({ line: 10, path: 'seed', expected: 'each key once in a mapping', found: '"seed" again (first on line 9)' }),
    ]);
  });
});

describe('extends stays inside the project', () => {
  it('a file in the folder or below it, and a bundled scenario, may be extended', () => {
    write('tree/sub/base.yaml', scenario('', 'base'));
    expect(loadScenario(write('tree/child.yaml', 'extends: sub/base.yaml\nname: child\n')).scenario.name).toBe('child');
    const bundled = write('tree/bundled.yaml', `extends: ${TINY}\nname: from-tiny\n`);
    const { files } = loadScenario(bundled);
    expect(files).toHaveLength(2);
    expect(files[0]).toBe(bundled);
    expect(files[1]).toMatch(/scenarios[/\\]tiny\.yaml$/);
  });

  it('a file above the folder, an absolute path elsewhere and a link that leads outside are refused, and accepted with allowOutsideExtends', async () => {
    write('outside/secret.yaml', scenario('description: SECRET-7777\n', 'secret'));
    const cases = {
      up: write('inside/up.yaml', 'extends: ../outside/secret.yaml\nname: up\n'),
      etc: write('inside/etc.yaml', 'extends: ../../../../../../../../etc/x.yaml\nname: etc\n'),
      absolute: write('inside/absolute.yaml', `extends: ${join(tmp, 'outside', 'secret.yaml')}\nname: absolute\n`),
      link: write('inside/link.yaml', 'extends: linked.yaml\nname: link\n'),
    };
    symlinkSync(join(tmp, 'outside', 'secret.yaml'), join(tmp, 'inside', 'linked.yaml'));
    for (const [what, file] of Object.entries(cases)) {
      const problems = problemsOf(file);
      expect(problems, what).toHaveLength(1);
      const [p] = problems;
      expect(p).toMatchObject({
        file,
        line: 1,
        path: 'extends',
        expected: `a file in ${realpathSync(join(tmp, 'inside'))} or a folder below it, or a bundled scenario`,
      });
      expect(p.found).toContain(what === 'link' ? 'a link to a file outside them' : 'a file outside them');
      expect(p.hint).toBe('to extend a file elsewhere, add --allow-outside-extends');
      // Nothing read outside is echoed.
      expect(formatProblem(p)).not.toMatch(/SECRET|7777/);
      const err = await refused(file);
      expect(err).toContain('--allow-outside-extends');
      expect(err).not.toMatch(/SECRET|7777/);
    }
    for (const what of ['up', 'absolute', 'link'] as const)
      expect(loadScenario(cases[what], { allowOutsideExtends: true }).scenario.name, what).toBe(what);
    expect(problemsOf(cases.etc, { allowOutsideExtends: true })[0].message).toBe('file not found');
  });

  it('a folder given through a link is judged by its real path', () => {
    write('real/base.yaml', scenario('', 'base'));
    write('real/child.yaml', 'extends: base.yaml\nname: via-link\n');
    symlinkSync(join(tmp, 'real'), join(tmp, 'alias-folder'));
    expect(loadScenario(join(tmp, 'alias-folder', 'child.yaml')).scenario.name).toBe('via-link');
  });
});

describe('long user text is cut in messages', () => {
  it('a 100 KB expression is refused by its length, and echoed in 80 characters', async () => {
    const expr = '1+'.repeat(50_000) + '1';
    const file = write('long-expr.yaml', scenario(`observation: { coverage: { expr: "${expr}" } }\n`));
    const p = byPath(problemsOf(file), 'observation.coverage.expr');
    expect(p.expected).toBe(`an expression of at most ${EXPRESSION_MAX_LENGTH} characters`);
    expect(p.found).toBe(`"${'1+'.repeat(40)}…" (100001 characters)`);
    const err = await refused(file);
    expect(err.length).toBeLessThan(500);
  });

  it('an expression under the limit with many unknown names: the message stays short', () => {
    const expr = Array.from({ length: 100 }, (_, i) => `v${i}`).join('+');
    const file = write('names-expr.yaml', scenario(`observation: { coverage: { expr: "${expr}" } }\n`));
    const p = byPath(problemsOf(file), 'observation.coverage.expr');
    expect(p.message).toContain(`(${expr.length} characters)`);
    expect(p.message!.length).toBeLessThan(600);
  });

  it('expressions longer than the limit are refused before parsing', () => {
    expect(() => compileExpression('t'.repeat(EXPRESSION_MAX_LENGTH + 1))).toThrow(ExpressionError);
    expect(() => compileExpression('t'.repeat(EXPRESSION_MAX_LENGTH + 1))).toThrow(
      `an expression of ${EXPRESSION_MAX_LENGTH + 1} characters is longer than the limit`,
    );
    const longest = `${'1+'.repeat(499)}1`;
    expect(longest).toHaveLength(999);
    expect(compileExpression(longest).evaluate({ t: 0, year: 0, month: 1 })).toBe(500);
  });

  it('past 20,000 characters of expressions in all, none is evaluated and the total is a problem', () => {
    const fields = [
      'female_share',
      'child_share',
      'aware_share',
      'low_wage_share',
      'family_risk_share',
      'poverty',
      'unemployment',
      'awareness_campaign',
      'emigration',
      'forced_begging',
      'recruited_share',
      'safe_return',
      'detection',
      'escape',
      'prosecution',
      'long_sentence_share',
      'corruption',
      'anti_corruption',
      'intelligence_sharing',
      'reporting',
      'return_assistance',
    ];
    const expr = `${'0*t+'.repeat(240)}0.1`;
    const lines = fields.map((f) => `    ${f}: { expr: "${expr}" }`).join('\n');
    const file = write('many-exprs.yaml', scenario().replace('  RO: { demand: 1 }', `  RO:\n    demand: 1\n${lines}`));
    const problems = problemsOf(file);
    expect(problems).toEqual([
      expect.objectContaining({
        file,
        path: '',
        expected: 'expressions of at most 20000 characters in all',
        found: `21 expressions of ${21 * expr.length} characters; none was checked (use schedules, or shorter expressions)`,
      }),
    ]);
  });

  it('a long name, unknown key and schedule date are cut, with their lengths', () => {
    const key = 'k'.repeat(5000);
    // An explicit key (?): YAML limits implicit keys to 1024 characters.
    const file = write(
      'long-text.yaml',
      scenario(`? ${key}\n: 1\nobservation: { coverage: { schedule: { "${'x'.repeat(300)}": 1 } } }\n`, 'n'.repeat(3000)),
    );
    const problems = problemsOf(file);
    for (const p of problems) expect(formatProblem(p).length, formatProblem(p).slice(0, 100)).toBeLessThan(400);
    expect(byPath(problems, 'name').found).toBe(`"${'n'.repeat(80)}…" (3000 characters)`);
    const unknown = problems.find((p) => p.found?.startsWith('unknown key'))!;
    expect(unknown.found).toBe(`unknown key "${'k'.repeat(40)}…" (5000 characters)`);
    expect(unknown.path).toBe(`${'k'.repeat(40)}… (5000 characters)`);
    expect(byPath(problems, 'observation.coverage.schedule').found).toBe(undefined);
    expect(byPath(problems, 'observation.coverage.schedule').message).toContain('(300 characters) is not a date');
  });
});

describe('broken YAML stays a problem of the file', () => {
  it('flow nesting past the limit is refused before parsing, with its line', async () => {
    const file = write('deep-flow.yaml', `name: deep\nx: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    expect(problemsOf(file)).toEqual([expect.objectContaining({ line: 2, expected: `values nested at most ${MAX_DEPTH} levels deep` })]);
    await refused(file);
  });

  it('block nesting past the limit is a problem with its line and path', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}a${i}:`);
    const problems = problemsOf(write('deep-block.yaml', `name: deep\n${lines.join('\n')} 1\n`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2 + MAX_DEPTH, expected: `values nested at most ${MAX_DEPTH} levels deep` });
    expect(problems[0].path).toMatch(/^a0\.a1\.a2\./);
  });

  it('thousands of syntax errors are listed up to 50, then counted', () => {
    const problems = problemsOf(write('commas.yaml', `a: [${','.repeat(5000)}]\n`));
    expect(problems).toHaveLength(51);
    expect(problems[50].message).toMatch(/^cannot parse: \d+ more problems of the file's syntax not listed/);
  });
});
