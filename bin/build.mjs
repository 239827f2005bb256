#!/usr/bin/env node
// Bundles tipsim for a fast start (`npm run build`, run by `npm ci` through the
// `prepare` script): the command line (dist/main.mjs) and the worker threads'
// entry (dist/workers.mjs), as ES modules sharing chunks, with the npm packages
// left external. bin/tipsim.mjs uses the bundle while it matches the sources it
// was built from (dist/sources.json records their sizes and modification times)
// and otherwise runs the sources through tsx, so an edit never runs stale code.
//
// Code that finds files next to its source (import.meta.url) keeps doing so: in
// each bundled module, import.meta.url is rewritten to the module's source URL,
// computed from the bundle's own location at run time.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');
const staging = `${OUT}.tipsim-tmp-${process.pid}`;

/** import.meta.url of a source file, as an expression valid inside dist/. */
const sourceUrl = {
  name: 'source-url',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mjs)$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(OUT, args.path).split('\\').join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
        loader: args.path.endsWith('.ts') ? 'ts' : 'js',
      };
    });
  },
};

rmSync(staging, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { main: join(ROOT, 'engine/cli/main.ts'), workers: join(ROOT, 'engine/cli/workers.ts') },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  define: { TIPSIM_BUNDLED: 'true' },
  plugins: [sourceUrl],
  metafile: true,
  logLevel: 'warning',
});
// The sources the bundle was built from, to tell when it is stale.
const sources = {};
for (const input of Object.keys(result.metafile.inputs)) {
  if (input.includes('node_modules')) continue;
  const st = statSync(join(ROOT, input));
  sources[input] = [st.size, st.mtimeMs];
}
writeFileSync(join(staging, 'sources.json'), JSON.stringify(sources));
mkdirSync(OUT, { recursive: true });
// Swap the folder in whole: a command starting meanwhile sees the old bundle or the new.
const old = `${OUT}.tipsim-old-${process.pid}`;
renameSync(OUT, old);
renameSync(staging, OUT);
rmSync(old, { recursive: true, force: true });
