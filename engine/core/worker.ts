/**
 * An ensemble worker: receives the resolved parameters once, then replicate numbers
 * one at a time, and sends back each replicate's aggregated series (never agent
 * state). It loads only the model: no schema, no expression evaluator.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runReplicate } from '../model/step.ts';
import type { Params } from '../model/params.ts';
import type { ToWorker, FromWorker } from './ensemble.ts';

const port = parentPort!;
const params = workerData.params as Params;
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on('message', (m: ToWorker) => {
  if (m.type === 'stop') {
    port.close();
    return;
  }
  try {
    const r = runReplicate(params, m.replicate);
    send({ type: 'result', result: r }, r.series.map((s) => s.buffer as ArrayBuffer));
  } catch (err) {
    send({ type: 'error', replicate: m.replicate, message: (err as Error).message ?? String(err) });
  }
});
send({ type: 'ready' });
