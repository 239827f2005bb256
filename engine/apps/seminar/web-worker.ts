/**
 * The engine for the seminar page: in a Web Worker (the page's normal case) it
 * answers each {id, scenario} message with that scenario's run (replicate 0);
 * loaded as a plain script (the page's fallback where a worker cannot start) it only
 * defines globalThis.tipsimRun. Bundled by bundle.ts like browser-entry.ts.
 */
import { tipsimRun } from './browser-entry.ts';
import type { Scenario } from '../../kernel/scenario/schema.ts';

interface WorkerScope {
  postMessage: (m: unknown) => void;
  onmessage: ((e: { data: { id: number; scenario: Scenario } }) => void) | null;
}

const scope = globalThis as unknown as WorkerScope & { WorkerGlobalScope?: unknown; document?: unknown };
if (typeof scope.WorkerGlobalScope !== 'undefined' && typeof scope.document === 'undefined') {
  scope.onmessage = (e) => {
    const { id, scenario } = e.data;
    try {
      scope.postMessage({ id, result: tipsimRun(scenario, 0) });
    } catch (err) {
      scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
    }
  };
}
