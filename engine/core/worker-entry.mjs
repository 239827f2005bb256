// Entry point of an ensemble worker thread: registers tsx (its register API) so the
// worker can load TypeScript, then loads the module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
