/**
 * The decision views of `tipsim compare --uncertainty` in a real browser: the tiny
 * scenario with a one-parameter fixture posterior (as in uncertainty-cli.test.ts),
 * three draws; report.html opened from disk in Debian's chromium (playwright-core,
 * /usr/bin/chromium) with the network off. The rankogram and the variance by source
 * must be drawn (SVG with marks), the decision table must be there with both options,
 * with no console error, no page error and no request off the disk
 * (TIPSIM_KEEP_TMP=1 keeps the folder).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium, offlinePage } from '../browser.ts';
import { cli } from '../../engine/cli/main.ts';

const TINY = fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tipsim-uncertainty-report-'));
afterAll(() => (process.env.TIPSIM_KEEP_TMP ? console.log(`kept ${dir}`) : rmSync(dir, { recursive: true, force: true })));
// A posterior of one parameter (RO's escape), three particles.
writeFileSync(
  join(dir, 'priors.yaml'),
  'parameters:\n  - name: escape\n    paths: [countries.RO.escape]\n    mode: set\n    distribution: uniform\n    range: [0.005, 0.1]\n    reason: test\n',
);
writeFileSync(join(dir, 'posterior.csv'), 'particle,weight,distance,escape\n0,1,0.1,0.01\n1,2,0.2,0.03\n2,1,0.3,0.08\n');
writeFileSync(join(dir, 'police.yaml'), `extends: ${JSON.stringify(TINY)}\nname: police\nlevers: { police: { level: { schedule: { 1995: 0, 1996: 3 } } } }\n`);
writeFileSync(join(dir, 'border.yaml'), `extends: ${JSON.stringify(TINY)}\nname: border\nlevers: { border_inspection: { level: { schedule: { 1995: 0, 1996: 1 } } } }\n`);

describe('compare --uncertainty report.html in chromium, offline from disk', () => {
  it('draws the rankogram and the variance by source, shows the decision table, with no console error and no request off the disk', async () => {
    const out = join(dir, 'cmp');
    let err = '';
    const code = await cli(
      ['compare', join(dir, 'police.yaml'), join(dir, 'border.yaml'), '--baseline', TINY, '--window', '1996-1997', '--uncertainty', '--posterior', join(dir, 'posterior.csv'), '--draws', '3', '--sobol', '4', '--out', out, '-q'],
      { out: () => {}, err: (s) => void (err += s), errIsTTY: false, errColumns: 80, now: () => new Date(0) },
    );
    expect(code, err).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('href="decision.csv"');
    expect(html).toContain('href="variance.csv"');
    const browser = await launchChromium();
    try {
      const { context, page, refused, consoleErrors, pageErrors } = await offlinePage(browser, { width: 1200, height: 900 });
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      await page.waitForSelector('body[data-rendered="true"], body[data-render-error]', { timeout: 60_000 });
      expect(await page.getAttribute('body', 'data-render-error')).toBeNull();
      for (const id of ['rankogram', 'variance-sources', 'sobol']) {
        const chart = page.locator(`#${id}`);
        expect(await chart.locator('svg, canvas').count(), id).toBeGreaterThan(0);
        expect(await chart.locator('svg g[class^="mark-"] path, svg g[class^="mark-"] line, svg g[class^="mark-"] text').count(), `${id}: marks`).toBeGreaterThan(0);
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
      await context.close();
      expect(consoleErrors).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('draws the cost-effectiveness curves of a comparison at equal budgets, with no console error', async () => {
    const out = join(dir, 'budgets');
    let err = '';
    const code = await cli(
      ['compare', join(dir, 'police.yaml'), join(dir, 'border.yaml'), '--baseline', TINY, '--window', '1996-1997', '--replicates', '2', '--budgets', '0.05,0.1', '--out', out, '-q'],
      { out: () => {}, err: (s) => void (err += s), errIsTTY: false, errColumns: 80, now: () => new Date(0) },
    );
    expect(code, err).toBe(0);
    const browser = await launchChromium();
    try {
      const { context, page, refused, consoleErrors, pageErrors } = await offlinePage(browser, { width: 1200, height: 900 });
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      await page.waitForSelector('body[data-rendered="true"], body[data-render-error]', { timeout: 60_000 });
      expect(await page.getAttribute('body', 'data-render-error')).toBeNull();
      // Two lines (police, border), two points each.
      expect(await page.locator('#cost-curves svg g.mark-line.role-mark path').count()).toBe(2);
      expect(await page.locator('#cost-curves svg g.mark-symbol.role-mark path').count()).toBe(4);
      await context.close();
      expect(consoleErrors).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
