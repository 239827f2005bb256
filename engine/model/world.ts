/**
 * The world: the countries of the article (Vreja 2005) and the border graph.
 * Country order here is the order of every per-country array and of the outputs.
 */
import type { Scenario } from '../scenario/schema.ts';

/** Origins, Balkan transit and destinations, Western destinations (Vreja 2005, via ../shared/BRIEF.md). */
export const COUNTRY_CODES = [
  'MD', 'RO', 'UA', 'BY', 'BG',
  'CS', 'HU', 'AL', 'XK', 'BA', 'MK',
  'IT', 'ES', 'FR', 'NL', 'BE', 'LU', 'AT', 'GR', 'CY', 'DE',
] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];

export const NC = COUNTRY_CODES.length;
export const countryIndex = (code: CountryCode): number => COUNTRY_CODES.indexOf(code);

/**
 * Shortest paths over the border graph, as a next-hop table: nextHop[from * NC + to]
 * is the neighbour to cross into, -1 when unreachable; borderOf[a * NC + b] is the
 * border's index in the scenario's `borders` (sorted key order) between neighbours a and b, -1 when none. Ties break by country order,
 * so routes are deterministic.
 */
export interface Routes {
  nextHop: Int8Array;
  borderOf: Int16Array;
  hops: Int8Array;
}

export function buildRoutes(borders: Scenario['borders']): Routes {
  const adj: number[][] = Array.from({ length: NC }, () => []);
  const borderOf = new Int16Array(NC * NC).fill(-1);
  borderKeys(borders).forEach((key, i) => {
    const [a, c] = key.split('-').map((code) => countryIndex(code as CountryCode));
    if (borderOf[a * NC + c] !== -1) return;
    adj[a].push(c);
    adj[c].push(a);
    borderOf[a * NC + c] = i;
    borderOf[c * NC + a] = i;
  });
  for (const list of adj) list.sort((x, y) => x - y);
  const nextHop = new Int8Array(NC * NC).fill(-1);
  const hops = new Int8Array(NC * NC).fill(-1);
  // Breadth-first search from each destination gives every origin's next hop towards it.
  for (let to = 0; to < NC; to++) {
    const dist = new Int32Array(NC).fill(-1);
    dist[to] = 0;
    const queue = [to];
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q];
      for (const v of adj[u]) {
        if (dist[v] !== -1) continue;
        dist[v] = dist[u] + 1;
        nextHop[v * NC + to] = u;
        queue.push(v);
      }
    }
    for (let from = 0; from < NC; from++) hops[from * NC + to] = dist[from];
  }
  return { nextHop, borderOf, hops };
}

/** Border keys in a fixed (sorted) order: the order of per-border arrays. */
export function borderKeys(borders: Scenario['borders']): string[] {
  return Object.keys(borders).sort();
}
