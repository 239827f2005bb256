/**
 * The bundled build (bin/build.mjs): the launcher uses it only while it matches
 * the sources, and it computes what the sources compute, on worker threads too.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// @ts-expect-error: the launcher's JavaScript module, without types.
import { bundleIsFresh as fresh } from '../../bin/fresh.mjs';
import { runCli } from '../cli.ts';

const bundleIsFresh = fresh as (root: URL) => boolean;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('bundleIsFresh', () => {
  /** A folder with two sources and a dist/sources.json recording them as they are. */
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tipsim-fresh-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'src/a.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'src/b.ts'), 'export const b = 2;\n');
    const record = Object.fromEntries(
      ['src/a.ts', 'src/b.ts'].map((p) => {
        const st = statSync(join(dir, p));
        return [p, [st.size, st.mtimeMs]];
      }),
    );
    writeFileSync(join(dir, 'dist/sources.json'), JSON.stringify(record));
    return { dir, root: pathToFileURL(dir + '/') };
  };

  it('is fresh when every recorded source has its size and time', () => {
    const { dir, root } = folder();
    expect(bundleIsFresh(root)).toBe(true);
    rmSync(dir, { recursive: true });
  });

  it('is stale when a source was edited, touched or removed, or there is no record', () => {
    const edited = folder();
    writeFileSync(join(edited.dir, 'src/a.ts'), 'export const a = 10;\n');
    expect(bundleIsFresh(edited.root)).toBe(false);

    const touched = folder();
    utimesSync(join(touched.dir, 'src/b.ts'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(bundleIsFresh(touched.root)).toBe(false);

    const removed = folder();
    rmSync(join(removed.dir, 'src/a.ts'));
    expect(bundleIsFresh(removed.root)).toBe(false);

    const none = folder();
    rmSync(join(none.dir, 'dist/sources.json'));
    expect(bundleIsFresh(none.root)).toBe(false);
    for (const f of [edited, touched, removed, none]) rmSync(f.dir, { recursive: true });
  });
});

describe('the bundle', () => {
  it('is built fresh, and runs the tiny scenario on 2 workers to the bytes the sources give', async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'bin/build.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(build.status, build.stderr).toBe(0);
    expect(bundleIsFresh(pathToFileURL(ROOT))).toBe(true);
    const tmp = mkdtempSync(join(tmpdir(), 'tipsim-bundle-'));
    const args = ['run', join(ROOT, 'scenarios/tiny.yaml'), '--replicates', '4', '--workers', '2', '-q'];
    const viaBin = spawnSync(process.execPath, [join(ROOT, 'bin/tipsim.mjs'), ...args, '--out', join(tmp, 'bundle')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(viaBin.status, viaBin.stderr).toBe(0);
    const sources = await runCli([...args, '--out', join(tmp, 'sources')]);
    expect(sources.code).toBe(0);
    for (const file of ['yearly.csv', 'monthly.csv'])
      expect(readFileSync(join(tmp, 'bundle', file), 'utf8')).toBe(readFileSync(join(tmp, 'sources', file), 'utf8'));
    rmSync(tmp, { recursive: true });
  }, 180_000);
});
