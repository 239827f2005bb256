/**
 * A calibration worker: receives a batch of candidates once (the base scenario,
 * the free parameters, each candidate's values and seed, the targets), then
 * candidate numbers one at a time (the ensemble's protocol, engine/core/serve.ts),
 * and answers with the candidate's statistics per target (statistics.ts).
 */
import { workerData } from 'node:worker_threads';
import { serveTasks } from '../engine/core/serve.ts';
import { runCandidate, type Batch } from './simulate.ts';

const batch = workerData.params as Batch;
serveTasks(
  (i) => runCandidate(batch, i),
  (r) => [r.statistics.buffer as ArrayBuffer],
);
