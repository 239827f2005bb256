/**
 * A task for `tipsim run --posterior`: the ensemble's protocol
 * (engine/runner/ensemble.ts), each replicate resolved with its own particle's
 * parameter values.
 */
import type { TaskModule } from '../../runner/ensemble.ts';
import type { ReplicateResult } from '../../model/step.ts';
import { runPosteriorReplicate, type PosteriorBatch } from './posterior.ts';

export const task: TaskModule<PosteriorBatch, PosteriorBatch, ReplicateResult> = {
  init: (batch) => batch,
  run: (batch, r) => runPosteriorReplicate(batch, r),
  buffers: (r) => r.series.map((s) => s.buffer as ArrayBuffer),
};
