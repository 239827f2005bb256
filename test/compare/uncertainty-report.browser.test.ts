/**
 * The decision views of `tipsim compare` in a real browser: the tiny scenario with a
 * one-parameter fixture posterior (helpers.ts), three draws and a Sobol' design of 4
 * base rows; and a comparison at two budgets. report.html is opened from disk in
 * Debian's chromium (playwright-core, /usr/bin/chromium) with the network off: the
 * rankogram, the variance by source, the Sobol' chart and the cost-effectiveness
 * curves must be drawn (SVG with marks), the decision table and the ranking-flips
 * section must be there, with no console error, no page error and no request off the
 * disk (TIPSIM_KEEP_TMP=1 keeps the folder).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY, compare, inChromium, writeUncertaintyFixtures } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tipsim-uncertainty-report-'));
afterAll(() => (process.env.TIPSIM_KEEP_TMP ? console.log(`kept ${dir}`) : rmSync(dir, { recursive: true, force: true })));
writeUncertaintyFixtures(dir);
const scenarios = [join(dir, 'police.yaml'), join(dir, 'border.yaml'), '--baseline', TINY, '--window', '1996-1997'];

describe('compare report.html in chromium, offline from disk: the decision views', () => {
  it('draws the rankogram, the variance by source and the Sobol’ chart, shows the decision table and where the ranking flips', async () => {
    const out = join(dir, 'cmp');
    const r = await compare([
      ...scenarios,
      '--uncertainty',
      '--posterior',
      join(dir, 'posterior.csv'),
      '--draws',
      '3',
      '--sobol',
      '4',
      '--out',
      out,
      '-q',
    ]);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('href="decision.csv"');
    expect(html).toContain('href="variance.csv"');
    await inChromium(join(out, 'report.html'), async (page) => {
      for (const id of ['rankogram', 'variance-sources', 'sobol']) {
        const chart = page.locator(`#${id}`);
        expect(await chart.locator('svg, canvas').count(), id).toBeGreaterThan(0);
        expect(
          await chart.locator('svg g[class^="mark-"] path, svg g[class^="mark-"] line, svg g[class^="mark-"] text').count(),
          `${id}: marks`,
        ).toBeGreaterThan(0);
        expect(await page.locator(`#${id}-title`).textContent(), `${id}: title`).toBeTruthy();
      }
      // The rankogram: a bar segment per option and rank (2 options, 2 ranks).
      expect(await page.locator('#rankogram svg g.mark-rect path').count()).toBe(4);
      const decision = page.locator('section[aria-labelledby="decision"]');
      expect(await decision.count()).toBe(1);
      const table = await decision.locator('table').textContent();
      for (const s of ['P(best)', 'expected loss', 'mean averted per million EUR', 'police', 'border']) expect(table).toContain(s);
      expect(await decision.locator('tbody tr').count()).toBe(2);
      expect(await decision.textContent()).toContain('expected value of perfect information');
      expect(await page.locator('section[aria-labelledby="ranking-flips"]').textContent()).toContain('not searched with 3 draws');
    });
  }, 180_000);

  it('draws the cost-effectiveness curves of a comparison at equal budgets', async () => {
    const out = join(dir, 'budgets');
    const r = await compare([...scenarios, '--replicates', '2', '--budgets', '0.05,0.1', '--out', out, '-q']);
    expect(r.code, r.err).toBe(0);
    await inChromium(join(out, 'report.html'), async (page) => {
      // Two lines (police, border), two points each.
      expect(await page.locator('#cost-curves svg g.mark-line.role-mark path').count()).toBe(2);
      expect(await page.locator('#cost-curves svg g.mark-symbol.role-mark path').count()).toBe(4);
    });
  }, 180_000);
});
