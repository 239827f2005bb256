/**
 * A calibration worker: receives a batch of candidates once (the base scenario,
 * the free parameters, each candidate's values and seed, the targets), then
 * candidate numbers one at a time (the ensemble's protocol, engine/core/ensemble.ts),
 * and answers with the candidate's statistics per target (statistics.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ToWorker, FromWorker } from '../engine/core/ensemble.ts';
import { runCandidate, type Batch, type CandidateResult } from './simulate.ts';

const port = parentPort!;
const batch = workerData.params as Batch;
const send = (m: FromWorker<CandidateResult>, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on('message', (m: ToWorker) => {
  if (m.type === 'stop') {
    port.close();
    return;
  }
  try {
    const result = runCandidate(batch, m.replicate);
    send({ type: 'result', result }, [result.statistics.buffer as ArrayBuffer]);
  } catch (err) {
    send({ type: 'error', replicate: m.replicate, message: (err as Error).message ?? String(err) });
  }
});
send({ type: 'ready' });
