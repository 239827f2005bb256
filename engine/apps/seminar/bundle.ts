/**
 * The engine bundled for the browser (seminar mode): one IIFE script, built in
 * memory with esbuild's JS API, from an entry module: browser-entry.ts (defines
 * globalThis.tipsimRun), web-worker.ts (the seminar page's Web Worker) or app.ts
 * (the page's own code).
 *
 * The engine is written for Node; two things are replaced here rather than in the
 * engine's files:
 * - engine/kernel/mathlib.ts loads mathjs's number build through
 *   node:module's createRequire. It is swapped for a module that imports the ESM
 *   build of 'mathjs/number' directly ('mathjs', the default), or for a stub that
 *   refuses expressions ('stub': smaller; a scenario with an `expr:` value then
 *   fails in the browser with a clear message; schedules and constants do not need mathjs).
 * - node:* modules (node:fs, node:path, node:crypto, imported at the top of
 *   engine/runner/outputs.ts for its file writers, which the browser never calls)
 *   resolve to a stub whose every export throws when called.
 */
import { build, type Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ENTRY = join(ROOT, 'engine', 'apps', 'seminar', 'browser-entry.ts');
const MATHLIB = join(ROOT, 'engine', 'kernel', 'mathlib.ts');

export interface BundleOptions {
  /** How mathjs (expression values) is provided: its ESM number build, or a stub that refuses. */
  expressions?: 'mathjs' | 'stub';
  minify?: boolean;
  /** Entry module (default: browser-entry.ts, which defines globalThis.tipsimRun). */
  entry?: string;
}

export interface BundleInfo {
  code: string;
  /** Build wall time, milliseconds. */
  ms: number;
  /** Source files in the bundle (relative to the project root) and their bytes in the output. */
  inputs: Record<string, number>;
}

const MATHLIB_MATHJS = `
import * as math from 'mathjs/number';
export function mathjs() { return math; }
`;
const MATHLIB_STUB = `
export function mathjs() {
  throw new Error('this seminar build has no expression support (mathjs left out): use a constant or a schedule instead of expr');
}
`;
// CommonJS, so any named import resolves (to a function that throws when called).
const NODE_STUB = (name: string) => `
const refuse = (key) => () => { throw new Error(${JSON.stringify(name)} + '.' + key + ' is not available in the browser'); };
module.exports = new Proxy({}, {
  get: (_, key) => (typeof key === 'symbol' || key === '__esModule' || key === 'then' ? undefined : refuse(key)),
});
`;

function browserShims(expressions: 'mathjs' | 'stub'): Plugin {
  return {
    name: 'tipsim-browser-shims',
    setup(b) {
      // Imported as './mathlib.ts' from engine/kernel (timevalue.ts) and engine/runner (outputs.ts, as '../kernel/mathlib.ts').
      b.onResolve({ filter: /mathlib\.ts$/ }, (args) =>
        resolve(args.resolveDir, args.path) === MATHLIB ? { path: 'mathlib', namespace: 'tipsim-shim' } : undefined,
      );
      b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'tipsim-node-stub', sideEffects: false }));
      b.onLoad({ filter: /.*/, namespace: 'tipsim-shim' }, () => ({
        contents: expressions === 'mathjs' ? MATHLIB_MATHJS : MATHLIB_STUB,
        loader: 'js',
        resolveDir: ROOT,
      }));
      b.onLoad({ filter: /.*/, namespace: 'tipsim-node-stub' }, (args) => ({ contents: NODE_STUB(args.path), loader: 'js' }));
    },
  };
}

export async function buildEngineBundle(opts: BundleOptions = {}): Promise<BundleInfo> {
  const t0 = performance.now();
  const result = await build({
    entryPoints: [opts.entry ?? ENTRY],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: opts.minify ?? true,
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [browserShims(opts.expressions ?? 'mathjs')],
  });
  const ms = performance.now() - t0;
  const out = result.outputFiles[0];
  const inputs: Record<string, number> = {};
  for (const o of Object.values(result.metafile.outputs))
    for (const [file, { bytesInOutput }] of Object.entries(o.inputs)) inputs[file] = bytesInOutput;
  // The page inlines the script: a literal "</script" inside it would end the element.
  const code = out.text.replace(/<\/script/gi, '<\\/script');
  return { code, ms, inputs };
}
