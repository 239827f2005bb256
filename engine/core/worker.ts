/**
 * An ensemble worker: receives the resolved parameters once, then replicate numbers
 * one at a time, and sends back each replicate's aggregated series (never agent
 * state). It loads only the model: no schema, no expression evaluator.
 */
import { workerData } from 'node:worker_threads';
import { runReplicate } from '../model/step.ts';
import type { Params } from '../model/params.ts';
import { serveTasks } from './serve.ts';

const params = workerData.params as Params;
serveTasks(
  (replicate) => runReplicate(params, replicate),
  (r) => r.series.map((s) => s.buffer as ArrayBuffer),
);
