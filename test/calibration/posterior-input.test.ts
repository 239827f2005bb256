/**
 * A posterior file given to `tipsim run --posterior` or `tipsim compare --posterior`
 * is checked as a scenario is: values inside their priors' ranges, finite weights
 * ≥ 0 with a finite positive sum, distinct known columns, complete rows, no empty
 * file; every problem at once (capped), with file, line and column; a folder, a
 * device or an oversized file refused before it is read.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPosterior, POSTERIOR_MAX_BYTES } from '../../engine/apps/calibration/posterior.ts';
import { InputError, formatProblem, type Problem } from '../../engine/kernel/messages.ts';
import { cli } from '../../engine/cli/main.ts';
import { PRIORS } from './fixtures.ts';
import { loadConfig, loadPriors } from '../../engine/apps/calibration/setup.ts';

const TINY = fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url));
const COMMITTED = fileURLToPath(new URL('../../calibration/posterior.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tipsim-posterior-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'priors.yaml'), PRIORS);
const HEADER = 'particle,weight,distance,emigration_scale,learning,detection';

/** Writes a posterior file into the test folder. */
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** The problems loadPosterior reports (fails the test if it loads). */
const problems = (path: string): Problem[] => {
  try {
    loadPosterior(path);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error(`${path} loaded`);
};
const brief = (ps: Problem[]) => ps.map((p) => [p.line, p.path, p.expected ?? p.message, p.found]);

describe('loadPosterior', () => {
  it('loads a good file: parameters in column order, weights and values as written', () => {
    const p = loadPosterior(file('good.csv', `${HEADER}\n0,0.25,0.5,1.5,0.1,0.2\n1,0.75,0.4,0.25,0.5,0.01\n\n`));
    expect(p.priors.map((q) => q.name)).toEqual(['emigration_scale', 'learning', 'detection']);
    expect(p.weights).toEqual([0.25, 0.75]);
    expect(p.thetas).toEqual([
      [1.5, 0.1, 0.2],
      [0.25, 0.5, 0.01],
    ]);
  });

  it('loads the committed posterior unchanged', () => {
    const p = loadPosterior(COMMITTED);
    expect(p.thetas).toHaveLength(200);
    // Its parameters are priors of calibration/priors.yaml, among them every one the
    // config always calibrates (less those the main model fixes), with their ranges.
    const config = loadConfig(fileURLToPath(new URL('../../calibration/config.yaml', import.meta.url)));
    const priors = new Map(loadPriors(config.priors).map((q) => [q.name, q]));
    for (const q of p.priors) expect(priors.get(q.name)?.range, q.name).toEqual(q.range);
    const always = config.screening.always.filter((n) => !config.models[0].fixed.includes(n));
    expect(p.priors.map((q) => q.name)).toEqual(expect.arrayContaining(always));
    expect(p.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('reports every problem of a file at once, with its line, column, what was expected and what was found', () => {
    const path = file(
      'bad.csv',
      [
        HEADER,
        '0,0.5,0.5,-1e9,1e9,0.2', // two values outside their priors
        '1,0.5,0.5,1,0.1', // a cell short
        '2,-0.1,0.5,1,0.1,0.2', // a negative weight
        '3,Infinity,0.5,1,0.1,0.2', // an infinite weight
        '4,1e400,0.5,1,0.1,0.2', // a weight that overflows
        '5,0.5,0.5,,0.1,0.2', // an empty cell
        '6,0.5,0.5,0x10,abc,0.2', // not decimal numbers
        '-1,0.5,-2,1,0.1,0.3', // a negative particle and distance, detection at its top
      ].join('\n'),
    );
    expect(brief(problems(path))).toEqual([
      [2, 'emigration_scale', 'a value in [0.25, 4] (the prior of emigration_scale)', '-1e9'],
      [2, 'learning', 'a value in [0.02, 0.5] (the prior of learning)', '1e9'],
      [3, '', '6 cells, as in the header', '5'],
      [4, 'weight', 'a finite number ≥ 0', '-0.1'],
      [5, 'weight', 'a number', 'Infinity'],
      [6, 'weight', 'a number', '1e400'],
      [7, 'emigration_scale', 'a number', 'an empty cell'],
      [8, 'emigration_scale', 'a number', '0x10'],
      [8, 'learning', 'a number', 'abc'],
      [9, 'particle', 'a whole number ≥ 0', '-1'],
      [9, 'distance', 'a finite number ≥ 0', '-2'],
    ]);
    expect(formatProblem(problems(path)[1])).toBe(
      `${path}:2: learning: expected a value in [0.02, 0.5] (the prior of learning), found 1e9`,
    );
  });

  it('reports a header that is wrong, unknown or duplicate columns, and a file without parameters', () => {
    expect(brief(problems(file('h1.csv', 'id,w,d,learning\n0,1,0,0.1\n')))).toEqual([
      [1, '', 'a header starting particle,weight,distance', 'id,w,d,learning'],
    ]);
    const cols = problems(file('h2.csv', 'particle,weight,distance,lerning,detection,detection,\n0,1,0,0.1,0.1,0.1,0.1\n'));
    expect(brief(cols)).toEqual([
      [1, 'lerning', `a parameter of ${join(dir, 'priors.yaml')}`, 'lerning'],
      [1, '', `a parameter of ${join(dir, 'priors.yaml')}`, 'an empty column name'],
      [1, 'detection', 'each column once', 'detection in columns 5 and 6'],
    ]);
    expect(cols[0].hint).toBe('did you mean "learning"?');
    expect(brief(problems(file('h3.csv', 'particle,weight,distance\n0,1,0\n')))).toEqual([
      [1, '', 'at least one parameter column after particle,weight,distance', 'none'],
    ]);
  });

  it('refuses an empty file, a header without particles, and weights whose sum is 0 or infinite', () => {
    expect(brief(problems(file('empty.csv', '')))).toEqual([
      [undefined, '', 'a header particle,weight,distance,<parameters> and one line per particle', 'an empty file'],
    ]);
    expect(brief(problems(file('blank.csv', '\n \n')))).toHaveLength(1);
    expect(brief(problems(file('header.csv', `${HEADER}\n`)))).toEqual([[undefined, '', 'at least one particle after the header', 'none']]);
    expect(brief(problems(file('zero.csv', `${HEADER}\n0,0,0.5,1,0.1,0.2\n1,0,0.5,1,0.1,0.2\n`)))).toEqual([
      [undefined, 'weight', 'weights with a finite sum > 0', 'a sum of 0'],
    ]);
    // Each weight is finite, their sum is not: every replicate would draw the last particle.
    expect(brief(problems(file('inf.csv', `${HEADER}\n0,1e308,0.5,1,0.1,0.2\n1,1e308,0.5,1,0.1,0.2\n`)))).toEqual([
      [undefined, 'weight', 'weights with a finite sum > 0', 'a sum of Infinity'],
    ]);
  });

  it('lists the first 20 problems of a long bad file and counts the rest', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},0.1,0.5,9,0.1,0.2`);
    const ps = problems(file('long.csv', [HEADER, ...rows].join('\n')));
    expect(ps).toHaveLength(21);
    expect(ps[19].line).toBe(21);
    expect(formatProblem(ps[20])).toBe(`${join(dir, 'long.csv')}: and 4,980 more problems in this file, not listed`);
  });

  it('refuses a folder, a file that is not regular and a file over the size limit before reading it', () => {
    mkdirSync(join(dir, 'folder.csv'));
    expect(brief(problems(join(dir, 'folder.csv')))).toEqual([[undefined, '', 'a file', 'a folder']]);
    expect(problems(join(dir, 'missing.csv')).map((p) => p.message)).toEqual(['file not found']);
    const big = file('big.csv', HEADER);
    truncateSync(big, POSTERIOR_MAX_BYTES + 1); // sparse: no 64 MiB written
    expect(brief(problems(big))).toEqual([[undefined, '', 'a file of at most 64 MiB', '64.0 MiB']]);
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [join(dir, 'fifo.csv')]);
      // Read, a pipe with no writer would block forever: it is refused first.
      expect(brief(problems(join(dir, 'fifo.csv')))).toEqual([[undefined, '', 'a regular file', 'a device, pipe or socket']]);
    }
  });

  it('tipsim run --posterior with a bad file: exit code 2, every problem listed, no stack trace', async () => {
    const path = file('cli.csv', `${HEADER}\n0,0.5,0.5,-1e9,0.1,0.2\n1,0.5,0.5,1,1e9,0.2\n`);
    let err = '';
    const io = { out: () => {}, err: (s: string) => void (err += s), errIsTTY: false, errColumns: 80, now: () => new Date(0) };
    const code = await cli(['run', TINY, '-q', '--out', join(dir, 'out'), '--posterior', path], io);
    expect(code).toBe(2);
    expect(err).toContain('2 problems found');
    expect(err).toContain(`${path}:2: emigration_scale: expected a value in [0.25, 4] (the prior of emigration_scale), found -1e9`);
    expect(err).toContain(`${path}:3: learning: expected a value in [0.02, 0.5] (the prior of learning), found 1e9`);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
