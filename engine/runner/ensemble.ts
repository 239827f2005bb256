/**
 * Ensembles: numbered tasks (replicates, calibration candidates) run in parallel
 * on worker threads. Results are stored by task number, so the output does not
 * depend on which worker ran what, or when.
 *
 * The workers of a process are one pool, kept alive from one ensemble to the
 * next (a comparison runs several, a calibration one per generation): a worker
 * starts once, loads each task module once, and gets each ensemble's parameters
 * once (a 'job'); tasks then go to it in small batches, two batches in flight, so
 * a worker never waits for the main thread between tasks. Idle workers do not
 * keep the process alive. A worker that crashes stops the ensemble with an error
 * naming its task, and the pool starts afresh for the next ensemble.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Params } from '../model/params.ts';
import type { ReplicateResult } from '../model/step.ts';
import { RunError, msg } from '../kernel/messages.ts';
import { task as modelTask } from './replicate-task.ts';

/** Messages to a worker. */
export type ToWorker = { type: 'job'; job: number; module: string; params: unknown } | { type: 'run'; job: number; tasks: number[] };

/** Messages from a worker. */
export type FromWorker<R extends { replicate: number } = ReplicateResult> =
  | { type: 'ready'; job: number }
  | { type: 'result'; job: number; result: R }
  | { type: 'error'; job: number; replicate: number; message: string };

/**
 * What a worker module exports as `task`: `init` takes an ensemble's parameters
 * once, `run` computes task i (a task may answer asynchronously), `buffers` names the result's buffers to transfer
 * rather than copy.
 */
export interface TaskModule<P = unknown, C = unknown, R extends { replicate: number } = { replicate: number }> {
  init(params: P): C;
  run(context: C, task: number): R | Promise<R>;
  buffers(result: R): ArrayBuffer[];
}

export interface EnsembleOptions<P = Params> {
  /** Parameters resolved from the scenario (the same for every replicate). */
  params: P;
  /** Replicate numbers to run (their seeds come from the seed tree). */
  replicates: number[];
  workers: number;
  onProgress?: (done: number, total: number) => void;
  /** The worker module whose `task` runs each task (tests swap it). */
  workerModule?: URL;
}

/** True in the bundled build (bin/build.mjs defines it), where workers load the bundled entry. */
declare const TIPSIM_BUNDLED: boolean | undefined;
const BUNDLED = typeof TIPSIM_BUNDLED !== 'undefined' && TIPSIM_BUNDLED;
const ENTRY = BUNDLED
  ? fileURLToPath(new URL('../../dist/workers.mjs', import.meta.url))
  : fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
const WORKER = new URL('./replicate-task.ts', import.meta.url);

interface Slot {
  worker: Worker;
  /** Tasks sent to this worker and not yet answered, in the order it runs them. */
  pending: number[];
  /** Called for every message of the current job. */
  onMessage?: (m: FromWorker<{ replicate: number }>) => void;
  onFailure?: (task: number, why: string) => void;
}

/** The process's workers. */
class Pool {
  private slots: Slot[] = [];
  private jobs = 0;
  /** Ensembles run one after another: the tail of the queue. */
  private last: Promise<unknown> = Promise.resolve();

  run<P, R extends { replicate: number }>(opts: EnsembleOptions<P>): Promise<R[]> {
    const turn = this.last.then(() => this.runNow<P, R>(opts));
    this.last = turn.catch(() => undefined);
    return turn;
  }

  private grow(n: number): void {
    while (this.slots.length < n) {
      // execArgv []: a worker does not inherit how the parent was started (tsx's
      // own loader flags, --input-type, ...); the entry registers tsx itself.
      const worker = new Worker(ENTRY, { execArgv: [] });
      const slot: Slot = { worker, pending: [] };
      worker.on('message', (m: FromWorker<{ replicate: number }>) => slot.onMessage?.(m));
      worker.on('error', (e) => slot.onFailure?.(slot.pending[0] ?? -1, e.message));
      worker.on('exit', (code) => {
        this.slots = this.slots.filter((s) => s !== slot);
        slot.onFailure?.(slot.pending[0] ?? -1, `the worker exited with code ${code}`);
      });
      this.slots.push(slot);
    }
  }

  /** Stops every worker (after a failure: the next ensemble starts afresh). */
  private reset(): void {
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) {
      s.onMessage = undefined;
      s.onFailure = undefined;
      void s.worker.terminate();
    }
  }

  private runNow<P, R extends { replicate: number }>(opts: EnsembleOptions<P>): Promise<R[]> {
    const queue = [...opts.replicates];
    const total = queue.length;
    if (total === 0) return Promise.resolve([]);
    const n = Math.max(1, Math.min(opts.workers, total));
    this.grow(n);
    const slots = this.slots.slice(0, n);
    const job = ++this.jobs;
    const results = new Map<number, R>();
    // Batches small enough that both workers finish together, large enough to save round trips.
    const batch = Math.max(1, Math.min(8, Math.floor(total / (4 * n))));
    let done = false;

    return new Promise<R[]>((resolve, reject) => {
      const finish = (err?: RunError) => {
        if (done) return;
        done = true;
        for (const s of slots) {
          s.onMessage = undefined;
          s.onFailure = undefined;
          s.pending = [];
        }
        if (err) {
          this.reset();
          reject(err);
        } else {
          for (const s of slots) s.worker.unref();
          resolve(opts.replicates.map((r) => results.get(r)!));
        }
      };
      const fail = (task: number, why: string) =>
        finish(new RunError(task >= 0 ? msg.workerCrashed(task, why) : msg.workerFailedToStart(why)));
      const feed = (s: Slot) => {
        if (queue.length === 0) return;
        const tasks = queue.splice(0, batch);
        s.pending.push(...tasks);
        s.worker.postMessage({ type: 'run', job, tasks } satisfies ToWorker);
      };
      for (const s of slots) {
        s.worker.ref();
        s.pending = [];
        s.onFailure = fail;
        s.onMessage = (m) => {
          if (m.job !== job || done) return;
          if (m.type === 'error') return fail(m.replicate, m.message);
          if (m.type === 'ready') {
            feed(s);
            feed(s);
            return;
          }
          s.pending.shift();
          results.set(m.result.replicate, m.result as R);
          opts.onProgress?.(results.size, total);
          if (results.size === total) return finish();
          // A batch answered in full: send the next one.
          if (s.pending.length <= batch) feed(s);
        };
        s.worker.postMessage({
          type: 'job',
          job,
          module: (opts.workerModule ?? WORKER).href,
          params: opts.params,
        } satisfies ToWorker);
      }
    });
  }
}

const pool = new Pool();

/**
 * Runs the tasks on up to `workers` threads of the process's pool; results in the
 * order asked. A single replicate of the model runs in this thread: starting a
 * worker would cost more than it saves, and the result is the same.
 */
export async function runEnsemble<P = Params, R extends { replicate: number } = ReplicateResult>(opts: EnsembleOptions<P>): Promise<R[]> {
  if (opts.replicates.length === 1 && !opts.workerModule) {
    const r = opts.replicates[0];
    let result: ReplicateResult;
    try {
      result = modelTask.run(modelTask.init(opts.params as Params), r) as ReplicateResult;
    } catch (e) {
      throw new RunError(msg.workerCrashed(r, (e as Error).message ?? String(e)));
    }
    opts.onProgress?.(1, 1);
    return [result as unknown as R];
  }
  return pool.run<P, R>(opts);
}
