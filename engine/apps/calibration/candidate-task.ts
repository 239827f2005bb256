/**
 * A calibration task: gets a batch of candidates once (the base scenario, the
 * free parameters, each candidate's values and seed, the targets), then runs
 * candidates by number (the ensemble's protocol, engine/runner/ensemble.ts) and
 * answers with each candidate's statistics per target (statistics.ts).
 */
import type { TaskModule } from '../../runner/ensemble.ts';
import { runCandidate, type Batch, type CandidateResult } from './simulate.ts';

export const task: TaskModule<Batch, Batch, CandidateResult> = {
  init: (batch) => batch,
  run: (batch, i) => runCandidate(batch, i),
  buffers: (r) => [r.statistics.buffer as ArrayBuffer],
};
