/**
 * Output folders tipsim owns (engine/runner/outdir.ts): what may be written and
 * replaced, what is refused (and left exactly as it was), temporaries of dead
 * processes, and errors of the disk as the user sees them. The read-only and
 * full-disk cases mount small tmpfs file systems, which needs root; elsewhere they
 * are skipped (CI runs as root).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  claimOutputFile,
  claimOutputFolder,
  fsError,
  isOutputName,
  removeStaleTemporaries,
  writeOutputs,
} from '../../engine/runner/outdir.ts';
import { EnvironmentError, InputError } from '../../engine/kernel/messages.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tipsim-outdir-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under a folder with its content, for "nothing changed" checks. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string, rel: string) => {
    for (const name of readdirSync(p, { withFileTypes: true })) {
      const full = join(p, name.name);
      const r = rel ? `${rel}/${name.name}` : name.name;
      if (name.isDirectory()) {
        out[`${r}/`] = '';
        walk(full, r);
      } else out[r] = readFileSync(full, 'utf8');
    }
  };
  walk(root, '');
  return out;
}

/** A folder as `tipsim run` leaves it. */
function earlierOutput(path: string, extra: Record<string, string> = {}) {
  mkdirSync(path, { recursive: true });
  writeFileSync(
    join(path, 'manifest.json'),
    JSON.stringify({ tipsim_version: '0.1.0', files: ['yearly.csv', 'monthly.csv', 'old-only.csv'] }),
  );
  writeFileSync(join(path, 'yearly.csv'), 'old yearly');
  writeFileSync(join(path, 'monthly.csv'), 'old monthly');
  writeFileSync(join(path, 'old-only.csv'), 'old only');
  for (const [f, t] of Object.entries(extra)) writeFileSync(join(path, f), t);
}

const write = (files: Record<string, string>) => (tmp: string) => {
  for (const [f, t] of Object.entries(files)) writeFileSync(join(tmp, f), t);
};

/** The InputError a claim throws, with its one message. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error('expected a refusal');
}

describe('claimOutputFolder: what is written', () => {
  it('a new folder is created (parents too) only when the outputs are complete, with nothing left beside it', async () => {
    const out = join(dir, 'a', 'b', 'run');
    const folder = claimOutputFolder(out, { cwd: dir });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(folder.tmp)).toBe(true);
    await writeOutputs(folder, write({ 'manifest.json': '{"tipsim_version":"x"}', 'yearly.csv': 'new' }));
    expect(tree(out)).toEqual({ 'manifest.json': '{"tipsim_version":"x"}', 'yearly.csv': 'new' });
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['run']);
  });

  it('a failed write leaves neither the folder nor a temporary one', async () => {
    const out = join(dir, 'run');
    const folder = claimOutputFolder(out, { cwd: dir });
    await expect(
      writeOutputs(folder, (tmp) => {
        writeFileSync(join(tmp, 'half.csv'), 'x');
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow('disk on fire');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an empty folder is used', async () => {
    const out = join(dir, 'empty');
    mkdirSync(out);
    await writeOutputs(claimOutputFolder(out, { cwd: dir }), write({ 'yearly.csv': 'new' }));
    expect(tree(out)).toEqual({ 'yearly.csv': 'new' });
    expect(readdirSync(dir)).toEqual(['empty']);
  });

  it('an earlier tipsim output is replaced whole, and only on success', async () => {
    const out = join(dir, 'run');
    earlierOutput(out);
    const before = tree(out);
    await expect(writeOutputs(claimOutputFolder(out, { cwd: dir }), () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(tree(out)).toEqual(before);
    await writeOutputs(
      claimOutputFolder(out, { cwd: dir }),
      write({ 'manifest.json': '{"tipsim_version":"y","files":["yearly.csv"]}', 'yearly.csv': 'new' }),
    );
    expect(tree(out)).toEqual({ 'manifest.json': '{"tipsim_version":"y","files":["yearly.csv"]}', 'yearly.csv': 'new' });
    expect(readdirSync(dir)).toEqual(['run']);
  });

  it('an earlier output whose manifest has no file list (older versions) is replaced when it holds only output names', async () => {
    const out = join(dir, 'run');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), '{"tipsim_version":"0.0.1"}');
    writeFileSync(join(out, 'yearly.csv'), 'old');
    await writeOutputs(claimOutputFolder(out, { cwd: dir }), write({ 'monthly.csv': 'new' }));
    expect(tree(out)).toEqual({ 'monthly.csv': 'new' });
  });
});

describe('claimOutputFolder: what is refused, with nothing touched', () => {
  it('a folder with files tipsim did not write (also in subfolders)', () => {
    const out = join(dir, 'd');
    mkdirSync(join(out, 'sub'), { recursive: true });
    writeFileSync(join(out, 'sub', 'f'), 'x');
    const before = tree(dir);
    expect(refusal(() => claimOutputFolder(out, { cwd: dir }))).toMatch(
      /holds files tipsim did not write \(sub\); nothing was written or deleted/,
    );
    expect(tree(dir)).toEqual(before);
  });

  it('a file', () => {
    const out = join(dir, 'notes.txt');
    writeFileSync(out, 'my notes');
    expect(refusal(() => claimOutputFolder(out, { cwd: dir }))).toMatch(/is a file, not an output folder/);
    expect(tree(dir)).toEqual({ 'notes.txt': 'my notes' });
  });

  it('a path under a file', () => {
    writeFileSync(join(dir, 'notes.txt'), 'my notes');
    expect(refusal(() => claimOutputFolder(join(dir, 'notes.txt', 'x', 'y'), { cwd: dir }))).toMatch(/notes\.txt is a file, not a folder/);
    expect(tree(dir)).toEqual({ 'notes.txt': 'my notes' });
  });

  it('the working folder, a folder above it, and the root', () => {
    const cwd = join(dir, 'work');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'keep.txt'), 'keep');
    const before = tree(dir);
    expect(refusal(() => claimOutputFolder(cwd, { cwd }))).toMatch(/the working folder itself/);
    expect(refusal(() => claimOutputFolder(dir, { cwd }))).toMatch(/holds the working folder/);
    expect(refusal(() => claimOutputFolder('/', { cwd }))).toMatch(/root folder/);
    expect(tree(dir)).toEqual(before);
  });

  it('a folder that holds an input, even through a symbolic link', () => {
    const scenarios = join(dir, 'scenarios');
    mkdirSync(scenarios);
    writeFileSync(join(scenarios, 'a.yaml'), 'name: a');
    symlinkSync(scenarios, join(dir, 'link'));
    const before = tree(scenarios);
    expect(refusal(() => claimOutputFolder(scenarios, { cwd: '/', inputs: [join(scenarios, 'a.yaml')] }))).toMatch(/holds an input/);
    expect(refusal(() => claimOutputFolder(dir, { cwd: '/', inputs: [join(dir, 'link', 'a.yaml')] }))).toMatch(/holds an input/);
    expect(tree(scenarios)).toEqual(before);
  });

  it('an earlier output beside files that are not part of it; nothing is deleted', () => {
    const out = join(dir, 'run');
    earlierOutput(out, { 'report-draft.docx': 'my draft' });
    const before = tree(out);
    expect(refusal(() => claimOutputFolder(out, { cwd: dir, force: true }))).toMatch(
      /files that are not part of it \(report-draft\.docx\)/,
    );
    expect(tree(out)).toEqual(before);
  });

  it('an earlier output with a subfolder, even if the manifest lists its name', () => {
    const out = join(dir, 'run');
    earlierOutput(out);
    mkdirSync(join(out, 'old-only.csv.d'));
    writeFileSync(
      join(out, 'manifest.json'),
      JSON.stringify({ tipsim_version: '0.1.0', files: ['yearly.csv', 'monthly.csv', 'old-only.csv', 'old-only.csv.d'] }),
    );
    expect(refusal(() => claimOutputFolder(out, { cwd: dir }))).toMatch(/not part of it \(old-only\.csv\.d\)/);
  });

  it('a damaged manifest: refused without --force, replaced with it; with foreign files, refused even with it', async () => {
    const out = join(dir, 'run');
    earlierOutput(out);
    rmSync(join(out, 'old-only.csv')); // not a name tipsim writes: see the next case
    writeFileSync(join(out, 'manifest.json'), '{"tipsim_vers');
    const before = tree(out);
    expect(refusal(() => claimOutputFolder(out, { cwd: dir }))).toMatch(/manifest\.json is damaged.*add --force/);
    expect(tree(out)).toEqual(before);
    writeFileSync(join(out, 'thesis.tex'), 'mine');
    expect(refusal(() => claimOutputFolder(out, { cwd: dir, force: true }))).toMatch(/thesis\.tex/);
    expect(readFileSync(join(out, 'thesis.tex'), 'utf8')).toBe('mine');
    rmSync(join(out, 'thesis.tex'));
    await writeOutputs(claimOutputFolder(out, { cwd: dir, force: true }), write({ 'yearly.csv': 'new' }));
    expect(tree(out)).toEqual({ 'yearly.csv': 'new' });
  });

  it('a manifest that is not tipsim’s is no licence to delete', () => {
    const out = join(dir, 'project');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ name: 'my web app' }));
    writeFileSync(join(out, 'index.html'), 'mine');
    expect(refusal(() => claimOutputFolder(out, { cwd: dir, force: true }))).toMatch(/index\.html/);
    expect(Object.keys(tree(out)).sort()).toEqual(['index.html', 'manifest.json']);
  });

  it('a name longer than file systems allow, before anything is created', () => {
    const out = join(dir, 'o', 'a'.repeat(300));
    expect(refusal(() => claimOutputFolder(out, { cwd: dir }))).toMatch(/300 bytes long/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a file added to the folder during the run: the new outputs are not committed and the file stays', async () => {
    const out = join(dir, 'run');
    earlierOutput(out);
    const folder = claimOutputFolder(out, { cwd: dir });
    writeFileSync(join(out, 'added-meanwhile.txt'), 'mine');
    await expect(writeOutputs(folder, write({ 'yearly.csv': 'new' }))).rejects.toBeInstanceOf(InputError);
    expect(readFileSync(join(out, 'added-meanwhile.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'yearly.csv'), 'utf8')).toBe('old yearly');
    expect(readdirSync(dir)).toEqual(['run']);
  });
});

describe('temporary folders of dead processes', () => {
  const host = hostname().replace(/[^A-Za-z0-9-]/g, '_') || 'host';
  /** The pid of a process that has ended. */
  const deadPid = () => {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    return Number(r.stdout.toString());
  };

  it('are removed at the next claim in the same parent; a live process’s and a user’s are kept', () => {
    const dead = `.tipsim-tmp-run.${host}.${deadPid()}.0123456789ab`;
    const deadOld = `.tipsim-old-run.${host}.${deadPid()}.0123456789ab`;
    const live = `.tipsim-tmp-other.${host}.${process.ppid}.0123456789ab`;
    const otherHost = `.tipsim-tmp-run.some-other-host.${deadPid()}.0123456789ab`;
    for (const d of [dead, deadOld, live, otherHost]) {
      mkdirSync(join(dir, d));
      writeFileSync(join(dir, d, 'yearly.csv'), 'partial');
    }
    writeFileSync(join(dir, '.tipsim-tmp-notes.txt'), 'a user’s file with a similar name');
    const folder = claimOutputFolder(join(dir, 'run'), { cwd: dir });
    const left = readdirSync(dir).sort();
    expect(left).not.toContain(dead);
    expect(left).not.toContain(deadOld);
    expect(left).toContain(live);
    expect(left).toContain(otherHost);
    expect(left).toContain('.tipsim-tmp-notes.txt');
    folder.abort();
  });

  it('older temporaries without a process id are removed only once a day old', () => {
    mkdirSync(join(dir, '.tipsim-tmp-run-0123456789ab'));
    expect(removeStaleTemporaries(dir, Date.now())).toEqual([]);
    expect(removeStaleTemporaries(dir, Date.now() + 25 * 3600 * 1000)).toEqual(['.tipsim-tmp-run-0123456789ab']);
  });
});

describe('claimOutputFile (the seminar page)', () => {
  const MARK = '<meta name="generator" content="tipsim';
  it('a new file, or one tipsim wrote, may be written; anything else is refused untouched', () => {
    claimOutputFile(join(dir, 'new', 'page.html'), MARK);
    expect(existsSync(join(dir, 'new'))).toBe(true);
    writeFileSync(join(dir, 'old.html'), `<!DOCTYPE html><head>${MARK} 0.1.0"></head>`);
    claimOutputFile(join(dir, 'old.html'), MARK);
    writeFileSync(join(dir, 'mine.html'), '<html>my lecture notes</html>');
    expect(refusal(() => claimOutputFile(join(dir, 'mine.html'), MARK))).toMatch(/tipsim did not write it/);
    expect(readFileSync(join(dir, 'mine.html'), 'utf8')).toBe('<html>my lecture notes</html>');
    expect(refusal(() => claimOutputFile(dir, MARK))).toMatch(/is a folder/);
    expect(refusal(() => claimOutputFile(join(dir, 'mine.html', 'page.html'), MARK))).toMatch(/is a file, not a folder/);
  });
});

describe('errors of the disk', () => {
  it('are the environment’s (exit 3) or the path’s (exit 2), with the path and what to do', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    const full = fsError(err('ENOSPC'), '/data/out');
    expect(full).toBeInstanceOf(EnvironmentError);
    expect(full.message).toBe('cannot write /data/out: the disk is full; free some space or write elsewhere (ENOSPC)');
    expect(fsError(err('EROFS'), '/mnt/ro')).toBeInstanceOf(EnvironmentError);
    expect(fsError(err('EACCES'), '/root/x')).toBeInstanceOf(EnvironmentError);
    expect(fsError(err('ENAMETOOLONG'), 'x'.repeat(300))).toBeInstanceOf(InputError);
    expect(fsError(err('ENAMETOOLONG'), 'x'.repeat(300)).message).toMatch(/… \(300 characters\) is too long/);
    const bug = new Error('not a file-system error');
    expect(fsError(bug, '/x')).toBe(bug);
  });

  it('tipsim writes output names only: isOutputName', () => {
    for (const n of ['yearly.csv', 'manifest.json', 'report.html', 'headline.svg', 'headline.vl.json', 'posterior-no_adaptation.csv'])
      expect(isOutputName(n), n).toBe(true);
    for (const n of ['notes.txt', 'draft.docx', 'sub', '.hidden.csv', 'thesis.tex']) expect(isOutputName(n), n).toBe(false);
  });

  const canMount = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
    const probe = mkdtempSync(join(tmpdir(), 'tipsim-mount-probe-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
      execFileSync('umount', [probe], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  })();
  const mounted = (options: string, f: (mnt: string) => Promise<void> | void) => async () => {
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mnt]);
    try {
      await f(mnt);
    } finally {
      execFileSync('umount', [mnt]);
    }
  };

  it.skipIf(!canMount)(
    'a read-only file system is reported at the claim, before any run (exit 3)',
    mounted('ro,size=64k', (mnt) => {
      expect(() => claimOutputFolder(join(mnt, 'run'), { cwd: dir })).toThrow(EnvironmentError);
      expect(() => claimOutputFolder(join(mnt, 'run'), { cwd: dir })).toThrow(/read-only.*\(EROFS\)/);
    }),
  );

  it.skipIf(!canMount)(
    'a disk that fills while writing: exit 3, and no partial folder or temporary is left',
    mounted('size=64k', async (mnt) => {
      const folder = claimOutputFolder(join(mnt, 'run'), { cwd: dir });
      const big = 'x'.repeat(200_000);
      await expect(writeOutputs(folder, write({ 'yearly.csv': big }))).rejects.toThrow(/the disk is full.*\(ENOSPC\)/);
      expect(readdirSync(mnt)).toEqual([]);
    }),
  );

  it.skipIf(!canMount)(
    'a mount point as the output folder is written, and replaced, file by file inside it',
    mounted('size=1m', async (mnt) => {
      await writeOutputs(
        claimOutputFolder(mnt, { cwd: dir }),
        write({ 'manifest.json': '{"tipsim_version":"x","files":["a.csv"]}', 'a.csv': 'A' }),
      );
      expect(tree(mnt)).toEqual({ 'manifest.json': '{"tipsim_version":"x","files":["a.csv"]}', 'a.csv': 'A' });
      await writeOutputs(
        claimOutputFolder(mnt, { cwd: dir }),
        write({ 'manifest.json': '{"tipsim_version":"x","files":["b.csv"]}', 'b.csv': 'B' }),
      );
      expect(tree(mnt)).toEqual({ 'manifest.json': '{"tipsim_version":"x","files":["b.csv"]}', 'b.csv': 'B' });
    }),
  );
});
