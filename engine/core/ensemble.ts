/**
 * Ensembles: replicates run in parallel on worker threads drawn from a
 * worker-threads-pool pool. Each worker gets the resolved parameters and then
 * replicate numbers as it asks for work; results are stored by replicate number,
 * so the output does not depend on which worker ran what, or when.
 * A worker that crashes stops the ensemble with an error naming the replicate.
 * Workers exit on their own when the queue is empty (the pool's destroy() is not
 * used: it calls a deprecated form of terminate()).
 */
import Pool from 'worker-threads-pool';
import type { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Params } from '../model/params.ts';
import type { ReplicateResult } from '../model/step.ts';
import { RunError, msg } from '../messages.ts';

export type ToWorker = { type: 'run'; replicate: number } | { type: 'stop' };
export type FromWorker<R extends { replicate: number } = ReplicateResult> =
  | { type: 'ready' }
  | { type: 'result'; result: R }
  | { type: 'error'; replicate: number; message: string };

/**
 * The pool runs any worker module that speaks this protocol: it gets `params` as
 * workerData once, then task numbers ('run', replicate), and answers with results
 * carrying their number. The model's ensemble (worker.ts) is the default; the
 * calibration runs its candidates through the same pool (calibration/worker.ts).
 */
export interface EnsembleOptions<P = Params> {
  /** Parameters resolved from the scenario (the same for every replicate). */
  params: P;
  /** Replicate numbers to run (their seeds come from the seed tree). */
  replicates: number[];
  workers: number;
  onProgress?: (done: number, total: number) => void;
  /** The TypeScript module each worker loads (tests swap it). */
  workerModule?: URL;
}

const ENTRY = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
const WORKER = new URL('./worker.ts', import.meta.url);

export function runEnsemble<P = Params, R extends { replicate: number } = ReplicateResult>(opts: EnsembleOptions<P>): Promise<R[]> {
  const queue = [...opts.replicates];
  const total = queue.length;
  const results = new Map<number, R>();
  const nWorkers = Math.max(1, Math.min(opts.workers, total));
  const pool = new Pool({ max: nWorkers });
  const live = new Set<Worker>();
  let failed = false;

  return new Promise<R[]>((resolve, reject) => {
    if (total === 0) return resolve([]);
    const fail = (replicate: number, why: string) => {
      if (failed) return;
      failed = true;
      for (const w of live) void w.terminate();
      reject(new RunError(replicate >= 0 ? msg.workerCrashed(replicate, why) : msg.workerFailedToStart(why)));
    };
    const finish = () => {
      if (failed || results.size < total) return;
      resolve(opts.replicates.map((r) => results.get(r)!));
    };
    for (let w = 0; w < nWorkers; w++) {
      pool.acquire(
        ENTRY,
        // execArgv []: a worker does not inherit how the parent was started (tsx's
        // own loader flags, --input-type, ...); worker-entry.mjs registers tsx itself.
        { workerData: { module: (opts.workerModule ?? WORKER).href, params: opts.params }, execArgv: [] },
        (err: Error | null, worker: Worker) => {
          if (err) return fail(queue[0] ?? -1, err.message);
          live.add(worker);
          let current = -1;
          const next = () => {
            const r = queue.shift();
            if (r === undefined || failed) {
              worker.postMessage({ type: 'stop' } satisfies ToWorker);
              return;
            }
            current = r;
            worker.postMessage({ type: 'run', replicate: r } satisfies ToWorker);
          };
          worker.on('message', (m: FromWorker<R>) => {
            if (m.type === 'ready') return next();
            if (m.type === 'error') return fail(m.replicate, m.message);
            results.set(m.result.replicate, m.result);
            current = -1;
            opts.onProgress?.(results.size, total);
            finish();
            next();
          });
          worker.on('error', (e) => fail(current, e.message));
          worker.on('exit', (code) => {
            live.delete(worker);
            if (current !== -1) fail(current, `the worker exited with code ${code}`);
          });
        },
      );
    }
  });
}
