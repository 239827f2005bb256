/**
 * The report of `tipsim compare` in a real browser: playwright-core drives Debian's
 * chromium (/usr/bin/chromium, installed by .ci/run). report.html is opened from disk
 * with the network off; every chart must be drawn as SVG with marks, with no console
 * error, no page error and no request off the disk; a screenshot is saved beside it
 * (TIPSIM_KEEP_TMP=1 keeps the folder).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY, compare, inChromium } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tipsim-compare-report-'));
afterAll(() => (process.env.TIPSIM_KEEP_TMP ? console.log(`kept ${dir}`) : rmSync(dir, { recursive: true, force: true })));

describe('compare report.html in chromium, offline from disk', () => {
  it('draws all six charts with no console error and no request off the disk', async () => {
    writeFileSync(
      join(dir, 'police.yaml'),
      `extends: ${JSON.stringify(TINY)}\nname: police\ncountries: { MD: { police_capacity: 30 } }\nlevers: { police: { level: { schedule: { 1995: 0, 1996: 5 } }, countries: [MD] } }\n`,
    );
    const out = join(dir, 'cmp');
    const r = await compare([
      join(dir, 'police.yaml'),
      '--baseline',
      TINY,
      '--window',
      '1996-1997',
      '--replicates',
      '4',
      '--out',
      out,
      '-q',
    ]);
    expect(r.code, r.err).toBe(0);
    await inChromium(join(out, 'report.html'), async (page) => {
      for (const id of ['visibility-gap', 'effects', 'strategies', 'destinations', 'corruption', 'cost-effectiveness']) {
        const chart = page.locator(`#${id}`);
        expect(await chart.locator('svg').count(), id).toBeGreaterThan(0);
        expect(
          await chart.locator('svg g[class^="mark-"] path, svg g[class^="mark-"] line, svg g[class^="mark-"] text').count(),
          `${id}: marks`,
        ).toBeGreaterThan(0);
      }
      const table = await page.locator('table').first().textContent();
      expect(table).toContain('baseline');
      expect(table).toContain('police');
      const shot = join(dir, 'compare-report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      expect([...readFileSync(shot).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    });
  }, 120_000);
});
