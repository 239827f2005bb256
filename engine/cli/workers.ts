/**
 * Entry point of a worker thread in the bundled build (bin/build.mjs bundles it as
 * dist/workers.mjs): hosts the task modules of the ensemble's protocol
 * (engine/runner/serve.ts). The bundled tasks are the model's ensemble, the
 * calibration's candidates and `run --posterior`'s replicates, known by their
 * source path; any other module (tests' fixtures) is loaded from its sources
 * through tsx.
 */
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { hostWorker } from '../runner/serve.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const BUNDLED: Record<string, () => Promise<unknown>> = {
  'engine/runner/replicate-task.ts': () => import('../runner/replicate-task.ts'),
  'engine/apps/calibration/candidate-task.ts': () => import('../apps/calibration/candidate-task.ts'),
  'engine/apps/calibration/posterior-task.ts': () => import('../apps/calibration/posterior-task.ts'),
};

let tsx: Promise<void> | undefined;

hostWorker(async (href) => {
  const path = relative(ROOT, fileURLToPath(href)).split('\\').join('/');
  const bundled = BUNDLED[path];
  if (bundled) return (await bundled()) as never;
  tsx ??= import('tsx/esm/api').then((m) => m.register() && undefined);
  await tsx;
  return (await import(href)) as never;
});
