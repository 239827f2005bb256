/**
 * engine/apps/charts/html.ts in a real browser: playwright-core drives Debian's chromium
 * (/usr/bin/chromium, which .ci/run installs; no browser download works here). The report
 * is written to a temporary folder and opened from disk with the network off; every chart
 * must be drawn as SVG with marks, with no console error, no page error and no request
 * other than file: and data: URLs. A screenshot is saved next to the report
 * (set TIPSIM_KEEP_TMP=1 to keep the folder and see it).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium, offlinePage } from '../browser.ts';
import type { TopLevelSpec } from 'vega-lite';
import { reportHtml, type ReportInput } from '../../engine/apps/charts/html.ts';
import { baseConfig, toPng, toSvg } from '../../engine/apps/charts/render.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const lineSpec: TopLevelSpec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: 'Victims assisted per year',
  data: {
    values: [1999, 2000, 2001, 2002, 2003, 2004].flatMap((year, i) => [
      { year, series: 'True victims', n: 400 + 60 * i },
      { year, series: 'Victims assisted', n: 80 + 25 * i },
    ]),
  },
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'year', type: 'quantitative', title: 'Year', axis: { format: 'd' } },
    y: { field: 'n', type: 'quantitative', title: 'Victims per year (count)' },
    color: { field: 'series', type: 'nominal', title: null },
  },
  width: 420,
  height: 220,
  config: baseConfig,
};

const barSpec: TopLevelSpec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: 'Victims averted per million spent',
  data: {
    values: [
      { prong: 'Victims', averted: 12.5 },
      { prong: 'Supply', averted: 7.25 },
      { prong: 'Demand', averted: 9.75 },
      // Text that would end a <script> element if it were not escaped.
      { prong: '</script><b>Mix</b>', averted: 11 },
    ],
  },
  mark: 'bar',
  encoding: {
    x: { field: 'prong', type: 'nominal', title: 'Prong', sort: null },
    y: { field: 'averted', type: 'quantitative', title: 'Victims averted per million EUR' },
    color: { field: 'prong', type: 'nominal', legend: null },
  },
  width: 320,
  height: 220,
  config: baseConfig,
};

function input(): ReportInput {
  return {
    title: 'Policy comparison <test>',
    intro: 'Two small charts drawn from inline data.\n\nThe network is off.',
    table: {
      columns: ['Scenario', 'Victims', 'Cost (M EUR)'],
      rows: [
        ['baseline', 1234, 0],
        ['three prongs', 987, 12.5],
      ],
      caption: 'Cumulative true victims, 2003-2010',
    },
    charts: [
      {
        id: 'visibility',
        title: 'The visibility gap',
        text: 'True victims against victims assisted.',
        spec: lineSpec,
        png: 'visibility.png',
      },
      { id: 'cost', title: 'Cost-effectiveness', text: 'Victims averted per million spent.', spec: barSpec },
    ],
    manifest: { version: '0.1.0', seeds: [1, 2, 3] },
    links: [{ href: 'comparison.csv', label: 'comparison.csv' }],
  };
}

describe('report.html in chromium, offline from disk', () => {
  let browser: Browser | undefined;
  let dir: string;

  /** The browser, or a failure (not a skip) that says how to install it. */
  function launched(): Browser {
    if (!browser) {
      throw new Error(
        `${CHROMIUM} not found: these tests drive Debian's chromium (playwright-core downloads no browser here). ` +
          'Install it with `apt-get update && apt-get install -y chromium` (with sudo when not root); .ci/run does this.',
      );
    }
    return browser;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tipsim-report-'));
    if (!existsSync(CHROMIUM)) return;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (dir && !process.env.TIPSIM_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log(`report test folder kept: ${dir}`);
  });

  it('draws every chart with no console error and no request off the disk', async () => {
    launched();
    const r = input();
    const htmlPath = join(dir, 'report.html');
    writeFileSync(htmlPath, reportHtml(r));
    // The PNG fallback the report links to (replaced by the live chart once drawn).
    writeFileSync(join(dir, 'visibility.png'), toPng(await toSvg(lineSpec), 1));

    const { context, page, refused, consoleErrors, pageErrors } = await offlinePage(launched());
    const requests: string[] = [];
    page.on('request', (q) => requests.push(q.url()));
    page.on('requestfailed', (q) => consoleErrors.push(`request failed: ${q.url()} ${q.failure()?.errorText ?? ''}`));

    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForSelector('body[data-rendered="true"], body[data-render-error]', { timeout: 30_000 });
    const renderError = await page.getAttribute('body', 'data-render-error');
    expect(renderError).toBeNull();
    expect(await page.getAttribute('body', 'data-rendered')).toBe('true');

    for (const c of r.charts) {
      const chart = page.locator(`#${c.id}`);
      expect(await chart.locator('svg').count(), `${c.id}: svg`).toBeGreaterThan(0);
      // vega draws lines and bars as <path> elements inside mark groups.
      const marks = await chart.locator('svg g.mark-line path, svg g.mark-rect path, svg g.mark-symbol path').count();
      expect(marks, `${c.id}: marks`).toBeGreaterThan(0);
      expect(await chart.locator('img').count(), `${c.id}: fallback replaced`).toBe(0);
      expect(await chart.locator('svg').first().getAttribute('aria-label')).toBe(c.title);
    }
    expect(await page.locator('#visibility svg g.mark-line path').count()).toBe(2);
    expect(await page.locator('#cost svg g.mark-rect path').count()).toBe(4);
    // The escaped data value is drawn as an axis label, as text.
    expect(await page.locator('#cost svg text', { hasText: '</script><b>Mix</b>' }).count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe('Policy comparison <test>');

    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    expect(statSync(shot).size).toBeGreaterThan(1000);
    expect([...readFileSync(shot).subarray(0, 8)]).toEqual(PNG_SIGNATURE);

    await context.close();
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(refused).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
  }, 120_000);

  it('marks a chart that cannot be drawn: data-render-error, console.error, message and fallback', async () => {
    launched();
    const r = input();
    r.charts = [
      // Data from outside: the report's loader refuses and notes it (vega would only warn).
      {
        id: 'remote',
        title: 'Remote data',
        text: 'Asks for a URL.',
        spec: { ...barSpec, data: { url: 'https://example.org/data.csv' } } as TopLevelSpec,
        png: 'visibility.png',
      },
      // Not a vega-lite spec: vega-embed rejects.
      { id: 'invalid', title: 'Invalid', text: 'No such mark.', spec: { ...barSpec, mark: 'no-such-mark' } as unknown as TopLevelSpec },
      { id: 'fine', title: 'Fine', text: 'Drawn.', spec: barSpec },
    ];
    const htmlPath = join(dir, 'broken.html');
    writeFileSync(htmlPath, reportHtml(r));
    writeFileSync(join(dir, 'visibility.png'), toPng(await toSvg(lineSpec), 1));
    const context = await launched().newContext({ offline: true });
    const refused: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      refused.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForSelector('body[data-rendered="true"], body[data-render-error]', { timeout: 30_000 });
    const renderError = (await page.getAttribute('body', 'data-render-error')) ?? '';
    expect(await page.getAttribute('body', 'data-rendered')).toBeNull();
    expect(renderError).toMatch(/chart remote: .*refused to load https:\/\/example\.org\/data\.csv/);
    expect(renderError).toMatch(/chart invalid: /);
    expect(renderError).not.toMatch(/chart fine/);
    expect(await page.locator('#remote .chart-error').textContent()).toMatch(/could not be drawn/);
    expect(await page.locator('#remote img').count()).toBe(1);
    expect(await page.locator('#invalid .chart-error').count()).toBe(1);
    expect(await page.locator('#fine svg g.mark-rect path').count()).toBe(4);
    expect(consoleErrors.some((e) => e.includes('chart remote'))).toBe(true);
    expect(consoleErrors.some((e) => e.includes('chart invalid'))).toBe(true);
    // The loader refused before the browser was asked: no request left the page.
    expect(refused).toEqual([]);
    await context.close();
  }, 60_000);
});
