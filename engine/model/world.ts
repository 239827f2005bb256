/**
 * The world: the countries of the article (Vreja 2005) and the border graph.
 * Country order here is the order of every per-country array and of the outputs.
 */
import type { Scenario } from '../kernel/scenario/schema.ts';
import { COUNTRY_CODES, NC, countryIndex, type CountryCode } from '../kernel/scenario/countries.ts';

/**
 * The border graph: borderOf[a * NC + b] is the border's index in the scenario's
 * `borders` (sorted key order) between neighbours a and b, -1 when none; hops[from
 * * NC + to] is the length of the shortest path in borders, -1 when unreachable.
 * The routes networks choose from are built on it (buildRouteTable).
 */
export interface Routes {
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
  const hops = new Int8Array(NC * NC).fill(-1);
  // Breadth-first search from each destination gives every origin's distance to it.
  for (let to = 0; to < NC; to++) {
    const dist = new Int32Array(NC).fill(-1);
    dist[to] = 0;
    const queue = [to];
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q];
      for (const v of adj[u]) {
        if (dist[v] !== -1) continue;
        dist[v] = dist[u] + 1;
        queue.push(v);
      }
    }
    for (let from = 0; from < NC; from++) hops[from * NC + to] = dist[from];
  }
  return { borderOf, hops };
}

/** Border keys in a fixed (sorted) order: the order of per-border arrays. */
export function borderKeys(borders: Scenario['borders']): string[] {
  return Object.keys(borders).sort();
}

/** Western European destinations (Vreja 2005); the others are origins or the Balkans. */
export const WEST: readonly CountryCode[] = ['IT', 'ES', 'FR', 'NL', 'BE', 'LU', 'AT', 'GR', 'CY', 'DE'];
export const isWest = new Uint8Array(NC).map((_, c) => (WEST.includes(COUNTRY_CODES[c]) ? 1 : 0));

/** Most borders on a route. */
export const MAX_HOPS = 8;

/**
 * The routes networks can choose: for each origin and destination, the shortest
 * paths over the border graph and alternatives up to `slack` borders longer (at
 * most `perPair`, shortest first, ties by country order). A route is a list of
 * countries; route r's hop h crosses border borders[r * MAX_HOPS + h] from
 * countries[r * (MAX_HOPS + 1) + h] to countries[r * (MAX_HOPS + 1) + h + 1].
 */
export interface RouteTable {
  count: number;
  from: Uint8Array;
  dest: Uint8Array;
  hops: Uint8Array;
  countries: Uint8Array;
  borders: Int16Array;
  /** Route ids starting in each country. */
  byOrigin: number[][];
}

export function buildRouteTable(routes: Routes, origins: number[], destinations: number[], perPair = 3, slack = 1): RouteTable {
  const adj: number[][] = Array.from({ length: NC }, () => []);
  for (let a = 0; a < NC; a++) for (let b = 0; b < NC; b++) if (routes.borderOf[a * NC + b] >= 0) adj[a].push(b);
  const paths: number[][] = [];
  const byOrigin: number[][] = Array.from({ length: NC }, () => []);
  for (const o of origins)
    for (const d of destinations) {
      if (d === o) continue;
      const shortest = routes.hops[o * NC + d];
      if (shortest <= 0) continue;
      const limit = Math.min(MAX_HOPS, shortest + slack);
      const found: number[][] = [];
      const path = [o];
      const seen = new Uint8Array(NC);
      seen[o] = 1;
      const dfs = (u: number) => {
        if (u === d) {
          found.push(path.slice());
          return;
        }
        if (path.length - 1 >= limit) return;
        for (const v of adj[u]) {
          if (seen[v]) continue;
          // Prune paths that cannot reach d within the limit.
          if (path.length + routes.hops[v * NC + d] > limit + 1) continue;
          seen[v] = 1;
          path.push(v);
          dfs(v);
          path.pop();
          seen[v] = 0;
        }
      };
      dfs(o);
      found.sort((x, y) => x.length - y.length || cmp(x, y));
      for (const p of found.slice(0, perPair)) {
        byOrigin[o].push(paths.length);
        paths.push(p);
      }
    }
  const count = paths.length;
  const t: RouteTable = {
    count,
    from: new Uint8Array(count),
    dest: new Uint8Array(count),
    hops: new Uint8Array(count),
    countries: new Uint8Array(count * (MAX_HOPS + 1)),
    borders: new Int16Array(count * MAX_HOPS).fill(-1),
    byOrigin,
  };
  paths.forEach((p, r) => {
    t.from[r] = p[0];
    t.dest[r] = p[p.length - 1];
    t.hops[r] = p.length - 1;
    p.forEach((c, h) => {
      t.countries[r * (MAX_HOPS + 1) + h] = c;
      if (h > 0) t.borders[r * MAX_HOPS + h - 1] = routes.borderOf[p[h - 1] * NC + c];
    });
  });
  return t;
}

function cmp(x: number[], y: number[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
