/**
 * The worker side of the ensemble's protocol (ensemble.ts). A worker lives as long
 * as the process's pool: for each ensemble it gets a 'job' (the task module to use
 * and the ensemble's parameters, given once to the module's `init`), answers
 * 'ready', then runs the tasks of each 'run' message in order, answering each
 * with its result (its buffers transferred, not copied) or with the error that
 * stopped it. A module is loaded once per worker, by `load`: through tsx from the
 * sources (worker-entry.mjs), or from the bundle (engine/cli/workers.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, TaskModule, ToWorker } from './ensemble.ts';

type AnyTask = TaskModule<unknown, unknown, { replicate: number }>;

export function hostWorker(load: (href: string) => Promise<{ task: AnyTask }>): void {
  const port = parentPort!;
  const modules = new Map<string, Promise<{ task: AnyTask }>>();
  let current: { job: number; task: AnyTask; context: unknown } | undefined;
  // Messages are handled one at a time, in order (a job's module may load asynchronously).
  let chain: Promise<void> = Promise.resolve();
  const send = (m: FromWorker<{ replicate: number }>, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

  const handle = async (m: ToWorker): Promise<void> => {
    if (m.type === 'job') {
      current = undefined;
      try {
        if (!modules.has(m.module)) modules.set(m.module, load(m.module));
        const { task } = await modules.get(m.module)!;
        current = { job: m.job, task, context: task.init(m.params) };
        send({ type: 'ready', job: m.job });
      } catch (err) {
        send({ type: 'error', job: m.job, replicate: -1, message: (err as Error).message ?? String(err) });
      }
      return;
    }
    if (!current || current.job !== m.job) return;
    for (const i of m.tasks) {
      try {
        const result = await current.task.run(current.context, i);
        send({ type: 'result', job: m.job, result }, current.task.buffers(result));
      } catch (err) {
        send({ type: 'error', job: m.job, replicate: i, message: (err as Error).message ?? String(err) });
        return;
      }
    }
  };
  port.on('message', (m: ToWorker) => {
    chain = chain.then(() => handle(m));
  });
}
