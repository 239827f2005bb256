/**
 * Drawing particles of a posterior by weight: a plain function with no Node import,
 * shared by `tipsim run --posterior`, the comparison under uncertainty and the
 * seminar page in the browser.
 */
import { Stream, seedKey } from '../../kernel/rng.ts';

/** n indices drawn by weight, draw r from the seed key (key, r): the same on any machine and in the browser. */
export function drawByWeight(weights: number[], n: number, key: string): number[] {
  let c = 0;
  const cumulative = weights.map((w) => (c += w));
  return Array.from({ length: n }, (_, r) => {
    const u = Stream.fromKey(seedKey(key, r)).uniform() * c;
    const i = cumulative.findIndex((x) => u < x);
    return i < 0 ? cumulative.length - 1 : i;
  });
}
