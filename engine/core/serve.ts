/**
 * The worker side of the ensemble's protocol (ensemble.ts): announce readiness,
 * run each task number the pool sends, answer with its result (its buffers
 * transferred, not copied) or with the error that stopped it, and close on 'stop'.
 * Both the model's worker (worker.ts) and the calibration's (calibration/worker.ts)
 * serve tasks this way.
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './ensemble.ts';

export function serveTasks<R extends { replicate: number }>(run: (task: number) => R, buffers: (result: R) => ArrayBuffer[]): void {
  const port = parentPort!;
  const send = (m: FromWorker<R>, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') {
      port.close();
      return;
    }
    try {
      const result = run(m.replicate);
      send({ type: 'result', result }, buffers(result));
    } catch (err) {
      send({ type: 'error', replicate: m.replicate, message: (err as Error).message ?? String(err) });
    }
  });
  send({ type: 'ready' });
}
