/**
 * The model's ensemble task: gets the resolved parameters once, then runs
 * replicates by number and sends back each replicate's aggregated series (never
 * agent state). It loads only the model: no schema, no expression evaluator.
 */
import { runReplicate, type ReplicateResult } from '../model/step.ts';
import type { Params } from '../model/params.ts';
import type { TaskModule } from './ensemble.ts';

export const task: TaskModule<Params, Params, ReplicateResult> = {
  init: (params) => params,
  run: (params, replicate) => runReplicate(params, replicate),
  buffers: (r) => r.series.map((s) => s.buffer as ArrayBuffer),
};
