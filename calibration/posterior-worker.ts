/**
 * A worker for `tipsim run --posterior`: the ensemble's protocol (engine/core/serve.ts),
 * each replicate resolved with its own particle's parameter values.
 */
import { workerData } from 'node:worker_threads';
import { serveTasks } from '../engine/core/serve.ts';
import { runPosteriorReplicate, type PosteriorBatch } from './posterior.ts';

const batch = workerData.params as PosteriorBatch;
serveTasks(
  (r) => runPosteriorReplicate(batch, r),
  (r) => r.series.map((s) => s.buffer as ArrayBuffer),
);
