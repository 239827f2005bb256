import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORTERS } from '../../engine/model/metrics.ts';
import { COUNTRY_CODES } from '../../engine/kernel/scenario/countries.ts';
import { scenarioJsonSchema } from '../../engine/kernel/scenario/schema.ts';
import { runCli as run, type Captured } from '../cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
/** Paths as a user types them, relative to the working directory (the repository root under vitest). */
const arg = (p: string) => relative(process.cwd(), resolve(ROOT, p));
const TINY = arg('scenarios/tiny.yaml');
const BAD = (name: string) => arg(`test/fixtures/bad/${name}`);

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const rows = (csv: string) =>
  csv
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

let tmp: string;
let w1: string;
let w2: string;
let seeded: string;
let r1: Captured;
let r2: Captured;
let r7: Captured;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tipsim-cli-'));
  w1 = join(tmp, 'w1');
  w2 = join(tmp, 'w2');
  seeded = join(tmp, 'seed7');
  r1 = await run(['run', TINY, '--out', w1, '--workers', '1', '--replicates', '3', '-q']);
  r2 = await run(['run', TINY, '--out', w2, '--workers', '2', '--replicates', '3', '-q']);
  r7 = await run(['run', TINY, '--out', seeded, '--workers', '1', '--replicates', '3', '--seed', '7', '-q']);
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('tipsim run', () => {
  it('succeeds and says where the outputs are', () => {
    for (const r of [r1, r2, r7]) {
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    }
    expect(r1.out).toBe(`outputs written to ${w1}\n`);
    expect(readdirSync(w1).sort()).toEqual(['manifest.json', 'monthly.csv', 'scenario.resolved.json', 'yearly.csv']);
  });

  it('outputs are byte-identical with 1 and 2 workers', () => {
    for (const f of ['yearly.csv', 'monthly.csv', 'scenario.resolved.json']) expect(read(w2, f), f).toBe(read(w1, f));
  });

  it('manifest.json has the documented fields', () => {
    const m = JSON.parse(read(w1, 'manifest.json'));
    const m2 = JSON.parse(read(w2, 'manifest.json'));
    for (const key of [
      'tipsim_version',
      'git_commit',
      'scenario',
      'scenario_file',
      'scenario_sha256',
      'seed',
      'replicates',
      'workers',
      'node_version',
      'started',
      'finished',
      'files',
      'metrics',
    ])
      expect(m, key).toHaveProperty(key);
    expect(m.tipsim_version).toBe(VERSION);
    expect(m.git_commit === null || /^[0-9a-f]{40}$/.test(m.git_commit)).toBe(true);
    expect(m.scenario).toBe('tiny');
    expect(m.scenario_file).toBe(TINY);
    expect(m.scenario_sha256).toBe(createHash('sha256').update(read(w1, 'scenario.resolved.json')).digest('hex'));
    expect(m2.scenario_sha256).toBe(m.scenario_sha256);
    expect(m.seed).toBe(42);
    expect(m.replicates).toBe(3);
    expect(m.workers).toBe(1);
    expect(m2.workers).toBe(2);
    expect(m.node_version).toBe(process.version);
    expect(m.started).toBe('2020-01-01T00:00:00.000Z');
    expect(Date.parse(m.finished)).toBeGreaterThan(Date.parse(m.started));
    expect(m.files).toEqual(['scenario.resolved.json', 'yearly.csv', 'monthly.csv']);
    expect(m.metrics.map((x: { name: string }) => x.name)).toEqual(REPORTERS.map((r) => r.name));
  });

  it('scenario.resolved.json is the scenario with defaults and overrides applied', () => {
    const s = JSON.parse(read(w1, 'scenario.resolved.json'));
    expect(s).toMatchObject({ name: 'tiny', seed: 42, replicates: 3, start: '1995-01', end: '1997-12' });
    expect(s.countries.MD.safe_return).toBe(0.04); // a default, filled in
    expect(s).not.toHaveProperty('extends');
  });

  it('CSV headers are exact, and countries are ISO alpha-2 codes of the scenario or ALL', () => {
    const yearly = read(w1, 'yearly.csv');
    const monthly = read(w1, 'monthly.csv');
    expect(yearly.split('\n')[0]).toBe('replicate,year,metric,country,value');
    expect(monthly.split('\n')[0]).toBe('replicate,year,month,metric,country,value');
    const countries = new Set([...rows(yearly).map((r) => r[3]), ...rows(monthly).map((r) => r[4])]);
    for (const c of countries) expect(c === 'ALL' || ((COUNTRY_CODES as readonly string[]).includes(c) && /^[A-Z]{2}$/.test(c))).toBe(true);
    expect(countries).toEqual(new Set(['MD', 'RO', 'ALL']));
    expect(new Set(rows(yearly).map((r) => r[0]))).toEqual(new Set(['0', '1', '2']));
    expect(new Set(rows(yearly).map((r) => r[1]))).toEqual(new Set(['1995', '1996', '1997']));
    for (const r of rows(yearly)) expect(r[4]).toMatch(/^(NA|-?\d+(\.\d+)?(e[-+]\d+)?)$/);
  });

  it('CSV rows are ordered by replicate, metric, time, then country (model order, ALL last)', () => {
    const order = (c: string) => (c === 'ALL' ? COUNTRY_CODES.length : (COUNTRY_CODES as readonly string[]).indexOf(c));
    const metricIndex = new Map(REPORTERS.map((r, i) => [r.name, i]));
    const key = (r: string[]) => [Number(r[0]), metricIndex.get(r[2])!, Number(r[1]), order(r[3])];
    const keys = rows(read(w1, 'yearly.csv')).map(key);
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1], keys[i]];
      const cmp = a.map((x, j) => x - b[j]).find((d) => d !== 0) ?? 0;
      expect(cmp, `row ${i + 1}`).toBeLessThan(0);
    }
  });

  it('--seed changes the results and is recorded', () => {
    const replicate0 = (dir: string) =>
      read(dir, 'yearly.csv')
        .split('\n')
        .filter((l) => l.startsWith('0,'));
    expect(replicate0(seeded)).not.toEqual(replicate0(w1));
    expect(JSON.parse(read(seeded, 'scenario.resolved.json')).seed).toBe(7);
    expect(JSON.parse(read(seeded, 'manifest.json')).seed).toBe(7);
  });

  it('seeded snapshot: yearly.csv of tiny.yaml, replicate 0 (seed 42)', async () => {
    const yearly = read(w1, 'yearly.csv').split('\n');
    const text = [yearly[0], ...yearly.filter((l) => l.startsWith('0,'))].join('\n') + '\n';
    await expect(text).toMatchFileSnapshot('./__snapshots__/tiny-yearly.csv');
  });

  it('prints a summary table unless --quiet', async () => {
    const out = join(tmp, 'loud');
    const r = await run(['run', TINY, '--out', out, '--workers', '1', '--replicates', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('tiny: 1 replicate, seed 42');
    expect(r.out).toMatch(/^year\s+victims_recruited/m);
    for (const y of ['1995', '1996', '1997']) expect(r.out).toMatch(new RegExp(`^${y} `, 'm'));
    expect(r.err).toMatch(/1\/1 done/);
  });

  it('a failing run (bad scenario) leaves no output folder and exits 2', async () => {
    const out = join(tmp, 'never');
    const r = await run(['run', BAD('nan.yaml'), '--out', out, '-q']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('1 problem found');
    expect(r.err).toContain(`${BAD('nan.yaml')}:6: countries.RO.emigration:`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.startsWith('.tipsim-'))).toEqual([]);
  });
});

describe('usage errors exit 2 with a clear message', () => {
  it('unknown option, with a suggestion', async () => {
    const r = await run(['run', TINY, '--replicate', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown option --replicate');
    expect(r.err).toContain('--replicates');
    expect(r.out).toBe('');
  });

  it('missing argument', async () => {
    const r = await run(['run']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing <scenario>');
  });

  it('--replicates 0', async () => {
    const out = join(tmp, 'zero');
    const r = await run(['run', TINY, '--replicates', '0', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--replicates');
    expect(r.err).toContain('"0"');
    expect(existsSync(out)).toBe(false);
  });

  it('an option without its value, and a value that is not a number', async () => {
    const a = await run(['run', TINY, '--workers']);
    expect(a.code).toBe(2);
    expect(a.err).toContain('--workers');
    const b = await run(['run', TINY, '--seed', 'abc']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('--seed');
    expect(b.err).toContain('"abc"');
  });

  it('too many arguments', async () => {
    const r = await run(['run', TINY, TINY]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('too many arguments');
  });

  it('unknown command, with a suggestion', async () => {
    const r = await run(['rnu', TINY]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "rnu"');
    expect(r.err).toContain('did you mean "run"?');
  });

  it('no command: prints the help, exit 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Usage: tipsim <command>');
  });
});

describe('tipsim validate', () => {
  it('reports the problems of each bad file, and exit 2', async () => {
    const r = await run(['validate', TINY, BAD('nan.yaml'), BAD('negative-count.yaml'), BAD('unknown-top-key.yaml')]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${TINY}: valid (scenario "tiny")`);
    expect(r.err).toContain(`${BAD('nan.yaml')}:6: countries.RO.emigration:`);
    expect(r.err).toContain(`${BAD('negative-count.yaml')}:5: countries.MD.population_at_risk:`);
    expect(r.err).toContain(`${BAD('unknown-top-key.yaml')}:4: replicats:`);
    expect(r.err).toContain('did you mean "replicates"?');
  });

  it('exit 0 when every file is valid; -q prints nothing', async () => {
    const r = await run(['validate', '-q', TINY, arg('scenarios/baseline.yaml')]);
    expect(r).toEqual({ code: 0, out: '', err: '' });
  });

  it('a missing file is a problem, not a crash', async () => {
    const r = await run(['validate', BAD('nowhere.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('file not found');
  });
});

describe('tipsim schema, --help, --version', () => {
  it('schema prints the JSON Schema', async () => {
    const r = await run(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out);
    expect(schema.$schema).toMatch(/^https:\/\/json-schema\.org\//);
    expect(schema).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it('schema --out writes it to a file', async () => {
    const file = join(tmp, 'schema.json');
    const r = await run(['schema', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
  });

  it('--help lists the commands; <command> --help lists its options', async () => {
    const main = await run(['--help']);
    expect(main.code).toBe(0);
    for (const c of ['run', 'validate', 'schema']) expect(main.out).toMatch(new RegExp(`^  ${c} `, 'm'));
    const sub = await run(['run', '--help']);
    expect(sub.code).toBe(0);
    for (const o of ['--seed', '--replicates', '--workers', '--out', '--quiet']) expect(sub.out).toContain(o);
  });

  it('--version prints the package version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, out: `tipsim ${VERSION}\n`, err: '' });
  });
});

describe('bin/tipsim.mjs end to end', () => {
  const bin = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin', 'tipsim.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('a bad scenario file: exit 2, the problem, no stack trace, no output folder', () => {
    const out = join(tmp, 'e2e-bad');
    const r = bin('run', 'test/fixtures/bad/many-problems.yaml', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('test/fixtures/bad/many-problems.yaml:2: replicats:');
    expect(r.stderr).toContain('countries.RO.detection');
    expect(r.stderr).not.toContain('    at ');
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('--version and --help exit 0', () => {
    const v = bin('--version');
    expect(v.status).toBe(0);
    expect(v.stdout).toBe(`tipsim ${VERSION}\n`);
    const h = bin('--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toContain('Usage: tipsim <command>');
    expect(h.stderr).toBe('');
  });

  it('a usage error: exit 2, one clear line, no stack trace', () => {
    const r = bin('run', 'scenarios/tiny.yaml', '--replicates', '0');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--replicates');
    expect(r.stderr).not.toContain('    at ');
  });
});
