/** Helpers shared by the chart tests: pinned (golden) specs and counting drawn marks in an SVG. */
import { expect } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');

/** Compare a spec with its pinned JSON (__golden__/<name>.json), or rewrite the pin when UPDATE_GOLDEN=1. */
export function expectGolden(name: string, spec: TopLevelSpec): void {
  const file = join(GOLDEN_DIR, `${name}.json`);
  const actual: unknown = JSON.parse(JSON.stringify(spec));
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden ${file}; run with UPDATE_GOLDEN=1`);
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

/** Items drawn by the mark groups of one type ('rect', 'rule', 'symbol', ...), all panels. */
export function markItems(svg: string, type: string): number {
  const re = new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*[^/]>(.*?)</g>`, 'g');
  let n = 0;
  for (const m of svg.matchAll(re)) n += (m[1].match(/<(path|line|text)\b/g) ?? []).length;
  return n;
}

/** Text as vega writes it into SVG. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
}
