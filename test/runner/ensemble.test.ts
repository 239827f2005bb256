import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runEnsemble } from '../../engine/runner/ensemble.ts';
import { RunError } from '../../engine/kernel/messages.ts';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { resolveParams, type Params } from '../../engine/model/params.ts';
import { runReplicate, type ReplicateResult } from '../../engine/model/step.ts';
import type { CrashSpec } from '../fixtures/crash-worker.ts';
import type { ThreadResult } from '../fixtures/thread-worker.ts';

const TINY = fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url));
const CRASH_WORKER = new URL('../fixtures/crash-worker.ts', import.meta.url);
const params: Params = resolveParams(loadScenario(TINY).scenario);

/** A replicate's series as one byte string. */
const bytes = (r: ReplicateResult) => r.series.map((s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('base64')).join('|');

/** Rejection of a promise (fails if it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('the ensemble did not fail');
}

describe('runEnsemble', () => {
  it('is deterministic: same params and replicates give the same bytes, with 1 or 2 workers', async () => {
    const replicates = [0, 1, 2];
    const a = await runEnsemble({ params, replicates, workers: 1 });
    const b = await runEnsemble({ params, replicates, workers: 1 });
    const c = await runEnsemble({ params, replicates, workers: 2 });
    expect(a.map((r) => r.replicate)).toEqual(replicates);
    expect(c.map((r) => r.replicate)).toEqual(replicates);
    expect(b.map(bytes)).toEqual(a.map(bytes));
    expect(c.map(bytes)).toEqual(a.map(bytes));
    // Replicates differ from each other (they have their own seeds).
    expect(new Set(a.map(bytes)).size).toBe(3);
    // And a worker computes what the main thread computes.
    expect(a.map(bytes)).toEqual(replicates.map((r) => bytes(runReplicate(params, r))));
  });

  it('replicate r gives the same result alone as among others, in the requested order', async () => {
    const among = await runEnsemble({ params, replicates: [3, 1, 2], workers: 2 });
    expect(among.map((r) => r.replicate)).toEqual([3, 1, 2]);
    const alone = await runEnsemble({ params, replicates: [2], workers: 2 });
    expect(alone).toHaveLength(1);
    expect(alone[0].replicate).toBe(2);
    expect(bytes(alone[0])).toBe(bytes(among[2]));
  });

  it('reports progress once per replicate, up to the total', async () => {
    const calls: [number, number][] = [];
    await runEnsemble({ params, replicates: [0, 1, 2, 3], workers: 2, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });

  it('an empty list of replicates gives no results', async () => {
    await expect(runEnsemble({ params, replicates: [], workers: 2 })).resolves.toEqual([]);
  });

  const crashing = (crash: CrashSpec): Params => ({ ...params, crash }) as Params;

  it.each([1, 2])('a worker that exits during replicate 1 fails the run with a RunError naming it (%i workers)', async (workers) => {
    const err = await rejection(
      runEnsemble({ params: crashing({ replicate: 1, mode: 'exit' }), replicates: [0, 1, 2], workers, workerModule: CRASH_WORKER }),
    );
    expect(err).toBeInstanceOf(RunError);
    expect(err.message).toMatch(/\breplicate 1\b/);
    expect(err.message).toContain('7');
  });

  it('an exception thrown outside the worker handler fails the run with a RunError naming the replicate', async () => {
    const err = await rejection(
      runEnsemble({ params: crashing({ replicate: 2, mode: 'throw' }), replicates: [0, 1, 2, 3], workers: 2, workerModule: CRASH_WORKER }),
    );
    expect(err).toBeInstanceOf(RunError);
    expect(err.message).toMatch(/\breplicate 2\b/);
    expect(err.message).toContain('boom in replicate 2');
  });

  it('a worker module that cannot load fails the run with a RunError', async () => {
    const err = await rejection(
      runEnsemble({ params, replicates: [0, 1], workers: 1, workerModule: new URL('../fixtures/no-such-worker.ts', import.meta.url) }),
    );
    expect(err).toBeInstanceOf(RunError);
    expect(err.message).toMatch(/no-such-worker/);
  });

  it('keeps its workers from one ensemble to the next: each loads a task module once and gets each ensemble once', async () => {
    const THREAD_WORKER = new URL('../fixtures/thread-worker.ts', import.meta.url);
    const run = () =>
      runEnsemble<unknown, ThreadResult>({ params: {}, replicates: [0, 1, 2, 3, 4, 5], workers: 2, workerModule: THREAD_WORKER });
    const first = await run();
    const second = await run();
    const threads = (rs: ThreadResult[]) => new Set(rs.map((r) => r.thread));
    for (const t of threads(second)) expect(threads(first).has(t)).toBe(true);
    for (const r of second) {
      expect(r.loads).toBe(1);
      // Each worker has had both ensembles (or only the second, if the first ran on the other).
      expect(r.jobs).toBeGreaterThanOrEqual(1);
    }
    expect(Math.max(...second.map((r) => r.jobs))).toBe(2);
    expect(second.map((r) => r.replicate)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('after a worker crashes, the next ensemble runs on fresh workers', async () => {
    await rejection(
      runEnsemble({ params: crashing({ replicate: 0, mode: 'exit' }), replicates: [0, 1], workers: 2, workerModule: CRASH_WORKER }),
    );
    const again = await runEnsemble({ params, replicates: [0, 1], workers: 2 });
    expect(again.map(bytes)).toEqual([0, 1].map((r) => bytes(runReplicate(params, r))));
  });
});
