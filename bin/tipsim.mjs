#!/usr/bin/env node
// tipsim's command line. Runs the bundle in dist/ (bin/build.mjs, made by
// `npm ci`) when it was built from the sources as they are now (bin/fresh.mjs);
// otherwise loads the TypeScript sources through tsx's register API, so an edit
// is never shadowed by a stale bundle.
import { bundleIsFresh } from './fresh.mjs';

let main;
if (bundleIsFresh(new URL('../', import.meta.url))) {
  ({ main } = await import('../dist/main.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../engine/cli/main.ts'));
}
await main();
