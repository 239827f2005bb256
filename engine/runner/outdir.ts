/**
 * Output folders and files that tipsim owns.
 *
 * `--out DIR` names a folder tipsim writes and may later replace. It is checked
 * before any simulation starts (`claimOutputFolder`):
 *  - a folder that does not exist is created (its parents too);
 *  - an empty folder is used;
 *  - a folder holding an earlier tipsim output (its manifest.json says so, and
 *    every file in it is one that output lists) is replaced as a whole when the
 *    new output is complete;
 *  - anything else is refused with an `InputError` (exit 2) and nothing is touched:
 *    a file, a folder with other content, the root, the working folder or one above
 *    it, a folder that holds an input. `force` replaces a folder whose manifest is
 *    damaged, and only if every file in it has a name tipsim writes.
 * A file tipsim did not write is never deleted.
 *
 * Outputs are written into a hidden temporary folder beside the target, named with
 * the host and process id (`.tipsim-tmp-<name>.<host>.<pid>.<tag>`), and renamed into
 * place when complete. Temporary folders of processes that died (killed while
 * writing) are removed at the next claim of any output folder in the same parent.
 * The temporary folder is created at the claim, so a folder that cannot be written
 * (read-only, no permission, disk full) is reported before the run, as an
 * `EnvironmentError` (exit 3).
 */
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, parse, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EnvironmentError, InputError, fsProblem, msg } from '../kernel/messages.ts';

/** Files of the outputs of tipsim's commands, besides charts (`<id>.svg|png|vl.json`). */
const OUTPUT_NAMES = new Set([
  'manifest.json',
  // run
  'scenario.resolved.json',
  'yearly.csv',
  'monthly.csv',
  // compare
  'comparison.csv',
  'series.csv',
  'report.html',
  // calibrate
  'posterior.csv',
  'summary.csv',
  'generations.csv',
  'morris.csv',
  'predictive.csv',
  'fit.csv',
  'trade.csv',
  'model_choice.csv',
  'priors.yaml',
  'targets.yaml',
  'config.yaml',
  'calibrated.yaml',
  'summary.md',
]);
const CHART_FILE = /^[a-z0-9][a-z0-9_-]*\.(svg|png|vl\.json)$/;
const POSTERIOR_FILE = /^posterior-[A-Za-z0-9_.-]+\.csv$/;
/** Does tipsim write files of this name (for `force` on a folder whose manifest is damaged)? */
export const isOutputName = (name: string) => OUTPUT_NAMES.has(name) || CHART_FILE.test(name) || POSTERIOR_FILE.test(name);

export interface ClaimOptions {
  /** The option's name as the user wrote it, for messages (default --out). */
  option?: string;
  /** Replace a tipsim folder whose manifest is damaged. */
  force?: boolean;
  /** Files the command reads: the output folder may not hold any of them. */
  inputs?: string[];
  /** The working folder (default: the process's). */
  cwd?: string;
}

export interface OutputFolder {
  /** The output folder, as given. */
  dir: string;
  /** The temporary folder the outputs are written into. */
  tmp: string;
  /** Moves the outputs into place; returns a warning to show, if any. */
  commit(): string | undefined;
  /** Removes the temporary folder (after a failure). */
  abort(): void;
}

/** Longest folder or file name: file systems allow 255 bytes, and the temporary name beside it adds up to about 50. */
const MAX_NAME = 200;
const HOST = hostname().replace(/[^A-Za-z0-9-]/g, '_') || 'host';
const TEMP = /^\.tipsim-(tmp|old)-(.*)\.([A-Za-z0-9_-]+)\.(\d+)\.([0-9a-f]{12})$/;
/** Temporary folders of earlier versions (no host or process id): removed after a day. */
const LEGACY_TEMP = /^\.tipsim-(tmp|old)-.*-[0-9a-f]{12}$/;
const LEGACY_AGE_MS = 24 * 3600 * 1000;

const isErrno = (e: unknown): e is NodeJS.ErrnoException => e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';

/** Is `inner` the folder `outer` or inside it? */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/** The real path of a path that may not exist yet: its nearest existing ancestor's, with the rest appended. */
function realish(path: string): string {
  let p = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(p), ...rest.reverse());
    } catch {
      const up = dirname(p);
      if (up === p) return resolve(path);
      rest.push(basename(p));
      p = up;
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return isErrno(e) && e.code === 'EPERM';
  }
}

/** Removes temporary folders left in `parent` by tipsim processes of this host that are gone. */
export function removeStaleTemporaries(parent: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP.exec(name);
    const path = join(parent, name);
    let stale = false;
    if (m) stale = m[3] === HOST && Number(m[4]) !== process.pid && !processAlive(Number(m[4]));
    else if (LEGACY_TEMP.test(name)) {
      try {
        stale = now - lstatSync(path).mtimeMs > LEGACY_AGE_MS;
      } catch {
        stale = false;
      }
    }
    if (!stale) continue;
    try {
      if (!m && !lstatSync(path).isDirectory()) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(name);
    } catch {
      /* another process may be removing it too */
    }
  }
  return removed;
}

type Target =
  | { kind: 'absent' }
  | { kind: 'empty' }
  /** An earlier tipsim output: the files to remove when it is replaced. */
  | { kind: 'output'; files: string[] };

/** Reads the target folder and decides whether tipsim may use it; throws InputError if not. */
function inspect(dir: string, o: ClaimOptions): Target {
  const option = o.option ?? '--out';
  const abs = resolve(dir);
  const real = realish(abs);
  const refuse = (why: string, hint?: string): never => {
    throw new InputError([{ file: dir, path: '', message: msg.outRefused(option, why), hint }]);
  };
  if (parse(real).root === real) refuse(msg.outIsRoot());
  if (Buffer.byteLength(basename(abs)) > MAX_NAME) refuse(msg.outNameTooLong(Buffer.byteLength(basename(abs)), MAX_NAME));
  const cwd = realish(o.cwd ?? process.cwd());
  if (isWithin(cwd, real)) refuse(real === cwd ? msg.outIsWorkingFolder() : msg.outHoldsWorkingFolder());
  for (const input of o.inputs ?? []) if (isWithin(realish(input), real)) refuse(msg.outHoldsInput(input));

  // The nearest existing ancestor must be a folder.
  for (let p = dirname(abs); ; p = dirname(p)) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      if (isErrno(e) && e.code === 'ENOENT' && dirname(p) !== p) continue;
      if (isErrno(e) && e.code === 'ENOTDIR') continue;
      throw fsError(e, p);
    }
    if (!st.isDirectory()) refuse(msg.outUnderFile(p));
    break;
  }

  let st;
  try {
    st = lstatSync(abs);
  } catch (e) {
    if (isErrno(e) && e.code === 'ENOENT') return { kind: 'absent' };
    throw fsError(e, dir);
  }
  if (st.isSymbolicLink()) refuse(msg.outIsLink());
  if (!st.isDirectory()) refuse(msg.outIsFile());
  let entries: string[];
  try {
    entries = readdirSync(abs).sort();
  } catch (e) {
    throw fsError(e, dir);
  }
  entries = entries.filter((n) => !TEMP.test(n)); // tipsim's own temporaries (a mount point's outputs are made inside it)
  if (entries.length === 0) return { kind: 'empty' };

  const regular = (name: string) => {
    try {
      const s = lstatSync(join(abs, name));
      return s.isFile() || s.isSymbolicLink();
    } catch {
      return false;
    }
  };
  const manifest = readManifest(join(abs, 'manifest.json'));
  if (manifest === 'missing') refuse(msg.outNotTipsim(listed(entries)), msg.outChooseAnother());
  let allowed: (name: string) => boolean;
  if (manifest === 'damaged') {
    const foreign = entries.filter((n) => !isOutputName(n) || !regular(n));
    if (foreign.length) refuse(msg.outDamagedForeign(listed(foreign)), msg.outChooseAnother());
    if (!o.force) refuse(msg.outDamagedManifest(), msg.outUseForce());
    allowed = () => true;
  } else {
    const files = new Set(['manifest.json', ...manifest]);
    allowed = (n) => files.has(n);
  }
  const foreign = entries.filter((n) => !allowed(n) || !regular(n));
  if (foreign.length) refuse(msg.outForeignFiles(listed(foreign)), msg.outMoveThem());
  return { kind: 'output', files: entries };
}

const listed = (names: string[]) => (names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', '));

/** The files an earlier output lists, 'missing' without a manifest, 'damaged' when it cannot be read as tipsim's. */
function readManifest(path: string): string[] | 'missing' | 'damaged' {
  let text: string;
  try {
    const st = lstatSync(path);
    if (!st.isFile()) return 'damaged';
    if (st.size > 16 << 20) return 'damaged';
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return isErrno(e) && e.code === 'ENOENT' ? 'missing' : 'damaged';
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return 'damaged';
  }
  if (typeof m !== 'object' || m === null || typeof (m as { tipsim_version?: unknown }).tipsim_version !== 'string') return 'damaged';
  const files = (m as { files?: unknown }).files;
  if (files === undefined) return [...OUTPUT_NAMES].filter((n) => n !== 'manifest.json');
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string')) return 'damaged';
  return files.filter((f) => !f.includes('/') && !f.includes('\\'));
}

/**
 * An error of the file system as the user should see it: the environment's
 * (exit 3: disk full, read-only, no permission) or the path's (exit 2: a name too
 * long, a file where a folder should be).
 */
export function fsError(e: unknown, path: string): Error {
  if (!isErrno(e)) return e instanceof Error ? e : new Error(String(e));
  const p = fsProblem(e.code!, path);
  if (!p) return e;
  return p.environment ? new EnvironmentError(p.text) : new InputError([{ file: path, path: '', message: p.text }]);
}

/** A tag for a temporary name: host, process and 48 random bits. */
const tempName = (kind: 'tmp' | 'old', name: string) => `.tipsim-${kind}-${name}.${HOST}.${process.pid}.${randomBytes(6).toString('hex')}`;

/** A hidden temporary path beside `file`, removed at a later claim if this process dies before renaming it. */
const temporaryPath = (file: string) => join(dirname(resolve(file)), tempName('tmp', basename(file)));

/** Writes one file through a temporary beside it, renamed into place when complete (check it first with claimOutputFile). */
export function replaceFile(path: string, data: string | Uint8Array): void {
  const tmp = temporaryPath(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fsError(e, path);
  }
}

/**
 * Checks that tipsim may write `dir` (see the module comment), removes stale
 * temporary folders beside it, and creates the temporary folder the outputs go
 * into. Throws InputError (exit 2) or EnvironmentError (exit 3); touches nothing
 * of the user's.
 */
export function claimOutputFolder(dir: string, o: ClaimOptions = {}): OutputFolder {
  const first = inspect(dir, o);
  const abs = resolve(dir);
  const parent = dirname(abs);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw fsError(e, parent);
  }
  // A folder on another device than its parent (a mount point) cannot be renamed:
  // its outputs are made inside it and moved into place file by file.
  const inside = first.kind !== 'absent' && statSync(abs).dev !== statSync(parent).dev;
  const home = inside ? abs : parent;
  removeStaleTemporaries(home);
  const tmp = join(home, tempName('tmp', basename(abs)));
  try {
    mkdirSync(tmp);
    // Writable and not full: a byte written and removed.
    const probe = join(tmp, '.probe');
    writeFileSync(probe, 'x');
    unlinkSync(probe);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw fsError(e, parent);
  }
  let done = false;
  return {
    dir,
    tmp,
    abort() {
      if (!done) rmSync(tmp, { recursive: true, force: true });
      done = true;
    },
    commit() {
      // The folder may have changed while the run went on: check it again.
      let target: Target;
      try {
        target = inspect(dir, o);
      } catch (e) {
        rmSync(tmp, { recursive: true, force: true });
        done = true;
        throw e;
      }
      try {
        const warning =
          inside && target.kind !== 'absent'
            ? moveFiles(abs, tmp, target.kind === 'output' ? target.files : [])
            : swapInto(abs, tmp, target);
        done = true;
        return warning;
      } catch (e) {
        rmSync(tmp, { recursive: true, force: true });
        done = true;
        throw fsError(e, dir);
      }
    },
  };
}

/** Moves the finished outputs in `tmp` to `abs`, replacing what `target` found there. */
function swapInto(abs: string, tmp: string, target: Target): string | undefined {
  if (target.kind === 'absent') {
    renameSync(tmp, abs);
    return undefined;
  }
  if (target.kind === 'empty') {
    try {
      renameSync(tmp, abs); // replaces an empty folder
      return undefined;
    } catch (e) {
      if (!(isErrno(e) && (e.code === 'EBUSY' || e.code === 'EXDEV' || e.code === 'ENOTEMPTY' || e.code === 'EEXIST'))) throw e;
      return moveFiles(abs, tmp, []); // a mount point, or a file appeared: move file by file
    }
  }
  const old = join(dirname(abs), tempName('old', basename(abs)));
  try {
    renameSync(abs, old);
  } catch (e) {
    if (isErrno(e) && (e.code === 'EBUSY' || e.code === 'EXDEV')) return moveFiles(abs, tmp, target.files);
    throw e;
  }
  renameSync(tmp, abs);
  for (const f of target.files) {
    try {
      unlinkSync(join(old, f));
    } catch {
      /* gone already */
    }
  }
  try {
    rmdirSync(old);
  } catch {
    // Something was added while the outputs were swapped: keep it, visibly.
    const kept = `${abs}.previous-${randomBytes(3).toString('hex')}`;
    renameSync(old, kept);
    return msg.outKeptPrevious(kept);
  }
  return undefined;
}

/** Fallback for a folder that cannot be renamed (a mount point): the old output's files out, the new ones in. */
function moveFiles(abs: string, tmp: string, oldFiles: string[]): string | undefined {
  const incoming = readdirSync(tmp);
  for (const f of oldFiles) if (!incoming.includes(f)) rmSync(join(abs, f), { force: true });
  for (const f of incoming) renameSync(join(tmp, f), join(abs, f));
  rmdirSync(tmp);
  return undefined;
}

/** Writes outputs through a claimed folder: commit on success, abort on failure. */
export async function writeOutputs(folder: OutputFolder, write: (tmp: string) => void | Promise<void>): Promise<string | undefined> {
  try {
    await write(folder.tmp);
  } catch (e) {
    folder.abort();
    throw fsError(e, folder.dir);
  }
  return folder.commit();
}

/** The first bytes of a file, as text. */
function head(path: string, bytes = 65536): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks that tipsim may write the single file `file` (the seminar page): it does
 * not exist, or it is an earlier file that tipsim wrote (its head carries
 * `marker`). Creates missing parent folders and checks that they are writable.
 */
export function claimOutputFile(file: string, marker: string, o: { option?: string; inputs?: string[] } = {}): void {
  const option = o.option ?? '--out';
  const abs = resolve(file);
  const refuse = (why: string, hint?: string): never => {
    throw new InputError([{ file, path: '', message: msg.outRefused(option, why), hint }]);
  };
  for (const input of o.inputs ?? []) if (realish(input) === realish(abs)) refuse(msg.outIsInput());
  if (Buffer.byteLength(basename(abs)) > MAX_NAME) refuse(msg.outNameTooLong(Buffer.byteLength(basename(abs)), MAX_NAME));
  for (let p = dirname(abs); ; p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) refuse(msg.outUnderFile(p));
      break;
    } catch (e) {
      if (e instanceof InputError) throw e;
      if (isErrno(e) && (e.code === 'ENOENT' || e.code === 'ENOTDIR') && dirname(p) !== p) continue;
      throw fsError(e, p);
    }
  }
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    if (!(isErrno(e) && e.code === 'ENOENT')) throw fsError(e, file);
  }
  if (st) {
    if (st.isDirectory()) refuse(msg.outFileIsFolder());
    if (!st.isFile()) refuse(msg.outFileNotRegular());
    let text = '';
    try {
      text = head(abs);
    } catch (e) {
      throw fsError(e, file);
    }
    if (!text.includes(marker)) refuse(msg.outFileNotTipsim(), msg.outChooseAnotherFile());
  }
  const parent = dirname(abs);
  try {
    mkdirSync(parent, { recursive: true });
    removeStaleTemporaries(parent);
    const probe = join(parent, tempName('tmp', basename(abs)));
    writeFileSync(probe, 'x');
    unlinkSync(probe);
  } catch (e) {
    throw fsError(e, parent);
  }
}

/** Runs `work` for a claimed folder; on failure removes its temporary folder and rethrows. */
export async function orAbort<T>(folder: OutputFolder, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    folder.abort();
    throw e;
  }
}
