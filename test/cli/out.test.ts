/**
 * --out on the command line: every command refuses a path that is not its own
 * before it runs anything (exit 2, nothing deleted), replaces its own earlier
 * output, and cleans up after a process that was killed while writing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli as run } from '../cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const arg = (p: string) => relative(process.cwd(), resolve(ROOT, p));
const TINY = arg('scenarios/tiny.yaml');

/** Every file and folder under `root` with its content. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string, rel: string) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out[`${r}/`] = '';
        walk(join(p, e.name), r);
      } else out[r] = readFileSync(join(p, e.name), 'utf8');
    }
  };
  walk(root, '');
  return out;
}

/** A refusal: exit 2, one problem naming --out, no stack trace, and no replicate run (no progress line). */
function expectRefused(r: { code: number; out: string; err: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/1 problem found:/);
  expect(r.err).toMatch(pattern);
  expect(r.err).toMatch(/nothing was written or deleted/);
  expect(r.err).not.toMatch(/done \(/); // progress lines appear only once replicates run
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.out).toBe('');
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tipsim-out-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--out refuses, before running, what tipsim does not own', () => {
  it('run: a folder with a user’s files (in a subfolder too)', async () => {
    const d = join(dir, 'd');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFileSync(join(d, 'sub', 'f'), 'x');
    expectRefused(await run(['run', TINY, '--replicates', '1', '--out', d]), /holds files tipsim did not write \(sub\)/);
    expect(tree(d)).toEqual({ 'sub/': '', 'sub/f': 'x' });
  });

  it('run: a file', async () => {
    const f = join(dir, 'notes.txt');
    writeFileSync(f, 'my notes');
    expectRefused(await run(['run', TINY, '--replicates', '1', '--out', f]), /is a file, not an output folder/);
    expect(readFileSync(f, 'utf8')).toBe('my notes');
  });

  it('run: the working folder, the folder above it, and the root', async () => {
    const before = readdirSync(process.cwd()).sort();
    expectRefused(await run(['run', TINY, '--replicates', '1', '--out', '.']), /the working folder itself/);
    expectRefused(await run(['run', TINY, '--replicates', '1', '--out', '..']), /holds the working folder/);
    expectRefused(await run(['run', TINY, '--replicates', '1', '--out', '/']), /root folder/);
    expect(readdirSync(process.cwd()).sort()).toEqual(before);
  });

  it('run: the scenarios folder, which holds the input', async () => {
    const scenarios = arg('scenarios');
    const before = tree(scenarios);
    expectRefused(await run(['run', TINY, '--replicates', '1', '--out', scenarios]), /holds an input \(.*tiny\.yaml\)/);
    expect(tree(scenarios)).toEqual(before);
  });

  it('compare: a folder with a user’s draft', async () => {
    const d = join(dir, 'cmpdir');
    mkdirSync(join(d, 'keep'), { recursive: true });
    writeFileSync(join(d, 'keep', 'report-draft.docx'), 'draft');
    expectRefused(
      await run(['compare', TINY, '--baseline', TINY, '--replicates', '2', '--window', '1996-1997', '--out', d]),
      /holds files tipsim did not write \(keep\)/,
    );
    expect(tree(d)).toEqual({ 'keep/': '', 'keep/report-draft.docx': 'draft' });
  });

  it('calibrate: a folder with a user’s files, before any simulation', async () => {
    const d = join(dir, 'caldir');
    mkdirSync(d);
    writeFileSync(join(d, 'thesis.tex'), 'mine');
    expectRefused(await run(['calibrate', '--budget', '10', '--out', d, '-q']), /holds files tipsim did not write \(thesis\.tex\)/);
    expect(tree(d)).toEqual({ 'thesis.tex': 'mine' });
  });

  it('seminar: a file tipsim did not write, and a path under a file', async () => {
    const f = join(dir, 'lecture.html');
    writeFileSync(f, '<html>my lecture</html>');
    expectRefused(await run(['seminar', '--out', f]), /tipsim did not write it/);
    expect(readFileSync(f, 'utf8')).toBe('<html>my lecture</html>');
    expectRefused(await run(['seminar', '--out', join(f, 'page.html')]), /lecture\.html is a file, not a folder/);
  });
});

describe('--out replaces tipsim’s own earlier output', () => {
  it('a second run into the same folder replaces the first; a damaged manifest needs --force', async () => {
    const d = join(dir, 'again');
    expect((await run(['run', TINY, '--replicates', '1', '--out', d, '-q'])).code).toBe(0);
    expect((await run(['run', TINY, '--replicates', '2', '--out', d, '-q'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')).replicates).toBe(2);
    writeFileSync(join(d, 'manifest.json'), '{"trunc');
    expectRefused(await run(['run', TINY, '--replicates', '1', '--out', d]), /manifest\.json is damaged.*--force/);
    const r = await run(['run', TINY, '--replicates', '1', '--out', d, '--force', '-q']);
    expect(r.code).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['manifest.json', 'monthly.csv', 'scenario.resolved.json', 'yearly.csv']);
    expect(readdirSync(dir).filter((n) => n.startsWith('.tipsim-'))).toEqual([]);
  });
});

describe('a run killed while it works', () => {
  it('leaves a temporary folder that the next run into the same parent removes', async () => {
    const parent = join(dir, 'killed');
    mkdirSync(parent);
    // A long run (the baseline, many replicates) in a child process, killed once its temporary folder exists.
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/tipsim.mjs'),
        'run',
        arg('scenarios/baseline.yaml'),
        '--replicates',
        '200',
        '--workers',
        '1',
        '--out',
        join(parent, 'long'),
        '-q',
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise((r) => child.on('exit', r));
    const temporaries = () => readdirSync(parent).filter((n) => n.startsWith('.tipsim-tmp-long.'));
    for (let i = 0; i < 600 && temporaries().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(temporaries()).toHaveLength(1);
    child.kill('SIGKILL');
    await exited;
    expect(temporaries()).toHaveLength(1);
    expect(existsSync(join(parent, 'long'))).toBe(false);
    const r = await run(['run', TINY, '--replicates', '1', '--out', join(parent, 'short'), '-q']);
    expect(r.code).toBe(0);
    expect(readdirSync(parent)).toEqual(['short']);
  }, 60_000);
});

describe('tipsim schema --out', () => {
  it('writes a new file and replaces its own, but refuses a scenario file', async () => {
    const f = join(dir, 'schema.json');
    expect((await run(['schema', '--out', f])).code).toBe(0);
    expect(JSON.parse(readFileSync(f, 'utf8')).title).toBe('tipsim scenario');
    expect((await run(['schema', '--out', f])).code).toBe(0);
    const mine = join(dir, 'mine.yaml');
    writeFileSync(mine, 'name: mine\n');
    expectRefused(await run(['schema', '--out', mine]), /tipsim did not write it.*choose a new file name/);
    expect(readFileSync(mine, 'utf8')).toBe('name: mine\n');
  });
});
