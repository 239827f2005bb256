/**
 * `tipsim seminar` on the command line: a folder as --out is refused (exit 2,
 * nothing written); help lists the options; a build writes one HTML file, atomically
 * (no temporary file left beside it). The page itself is tested in
 * test/seminar/page.browser.test.ts.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run } from '../cli.ts';

describe('tipsim seminar', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tipsim-seminar-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a folder as --out with exit code 2 and writes nothing', async () => {
    const r = await run(['seminar', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out: is a folder; name a file/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(readdirSync(dir)).toEqual([]);
  });

  it('lists its options in --help', async () => {
    const r = await run(['seminar', '--help']);
    expect(r.code).toBe(0);
    for (const o of ['--out FILE', '--scenario FILE', '--quiet']) expect(r.out).toContain(o);
  });

  it('writes one self-contained HTML file and nothing else', async () => {
    const file = join(dir, 'page.html');
    const r = await run(['seminar', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`seminar page written to ${file}\n`);
    expect(r.err).toMatch(/^seminar: \d+\.\d MB built in \d+\.\d s\n$/);
    expect(readdirSync(dir)).toEqual(['page.html']);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('id="seminar-data"');
    expect(html).toContain('id="engine-src"');
    expect(/<script[^>]+src=/i.test(html)).toBe(false);
  }, 60_000);
});
