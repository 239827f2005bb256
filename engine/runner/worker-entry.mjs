// Entry point of an ensemble worker thread run from the TypeScript sources:
// registers tsx (its register API) so the worker can load TypeScript, then hosts
// task modules (serve.ts), each imported by its URL.
import { register } from 'tsx/esm/api';

register();
const { hostWorker } = await import('./serve.ts');
hostWorker((href) => import(href));
