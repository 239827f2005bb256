/**
 * mathjs (its number-only build), loaded on first use. Loading it costs about half
 * a second and 40 MB of memory; a scenario without expressions needs it only for
 * the summary statistics after the ensemble, when the worker threads are gone.
 */
import { createRequire } from 'node:module';

export type MathNumber = typeof import('mathjs/number');

let cached: MathNumber | undefined;

export function mathjs(): MathNumber {
  return (cached ??= createRequire(import.meta.url)('mathjs/number') as MathNumber);
}
