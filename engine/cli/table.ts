/** Plain-text tables for the terminal. */
import type { SummaryRow } from '../runner/outputs.ts';
import { REPORTERS } from '../model/metrics.ts';

function num(v: number, ratio: boolean): string {
  if (Number.isNaN(v)) return 'NA';
  if (ratio) return v.toFixed(3);
  return Math.round(v).toLocaleString('en-US');
}

/** One row per year, one column per metric: "mean [lo–hi]". */
export function summaryTable(rows: SummaryRow[]): string {
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const years = [...new Set(rows.map((r) => r.year))];
  const cell = new Map(rows.map((r) => [`${r.year}|${r.metric}`, r]));
  const isRatio = (m: string) => REPORTERS.find((r) => r.name === m)?.unit === 'ratio';
  const body = years.map((y) => [
    String(y),
    ...metrics.map((m) => {
      const r = cell.get(`${y}|${m}`)!;
      const ratio = isRatio(m);
      return r.n > 1 && r.lo !== r.hi ? `${num(r.mean, ratio)} [${num(r.lo, ratio)}–${num(r.hi, ratio)}]` : num(r.mean, ratio);
    }),
  ]);
  const head = ['year', ...metrics];
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}
