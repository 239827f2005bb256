/**
 * Seminar mode groundwork: the engine bundled for the browser
 * (engine/apps/seminar/bundle.ts) gives exactly the numbers Node gives. The bundle is inlined
 * into an HTML page opened from disk in Debian's chromium (playwright-core, network
 * off); scenarios are loaded and validated in Node and handed to the page as JSON;
 * the yearly ALL values of every metric must equal those of the same functions
 * run in Node for the same replicate, with no console error, page error or request
 * other than file: URLs. The browser run times are logged (no timing assertion).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../browser.ts';
import { buildEngineBundle, type BundleInfo } from '../../engine/apps/seminar/bundle.ts';
import type { BrowserRun, TipsimRun } from '../../engine/apps/seminar/browser-entry.ts';
import { loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { runReplicate } from '../../engine/model/step.ts';
import { yearlySeries } from '../../engine/runner/outputs.ts';
import { clockYears } from '../../engine/kernel/clock.ts';
import { REPORTERS } from '../../engine/model/metrics.ts';
import { NC } from '../../engine/kernel/scenario/countries.ts';
import type { Scenario } from '../../engine/kernel/scenario/schema.ts';

const KEY = ['victims_recruited', 'victims_exploited', 'victims_assisted'];

/** The same computation as engine/apps/seminar/browser-entry.ts, in Node. */
function nodeRun(scenario: Scenario, replicate: number): Omit<BrowserRun, 'ms'> {
  const params = resolveParams(scenario);
  const yearly = yearlySeries(runReplicate(params, replicate), params.report);
  const years = clockYears(params.report);
  const metrics: Record<string, number[]> = {};
  REPORTERS.forEach((r, m) => {
    metrics[r.name] = years.map((_, y) => yearly[m][y * (NC + 1) + NC]);
  });
  return { years, metrics };
}

const pageHtml = (script: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tipsim engine</title></head>` +
  `<body><p id="status">loading</p><script>${script}</script>` +
  `<script>document.getElementById('status').textContent = typeof tipsimRun === 'function' ? 'ready' : 'missing';</script></body></html>`;

describe('the engine bundled for the browser', () => {
  let dir: string;
  let browser: Browser;
  let context: BrowserContext;
  const problems: string[] = [];
  const requests: string[] = [];
  const bundles: Record<'mathjs' | 'stub', BundleInfo> = {} as never;

  async function openPage(kind: 'mathjs' | 'stub'): Promise<Page> {
    const file = join(dir, `engine-${kind}.html`);
    writeFileSync(file, pageHtml(bundles[kind].code));
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    await expect.poll(() => page.textContent('#status')).toBe('ready');
    return page;
  }

  async function browserRun(page: Page, scenario: Scenario, replicate: number): Promise<BrowserRun> {
    const json = JSON.stringify(scenario);
    return page.evaluate(
      ([text, rep]) => (globalThis as unknown as { tipsimRun: TipsimRun }).tipsimRun(JSON.parse(text as string), rep as number),
      [json, replicate] as const,
    );
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tipsim-seminar-'));
    for (const kind of ['mathjs', 'stub'] as const) {
      bundles[kind] = await buildEngineBundle({ expressions: kind });
      console.log(`bundle (${kind}): ${bundles[kind].code.length} bytes, built in ${bundles[kind].ms.toFixed(0)} ms`);
    }
    browser = await launchChromium();
    context = await browser.newContext({ offline: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir && !process.env.TIPSIM_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves Node-only modules out and mathjs in only when asked', () => {
    for (const b of Object.values(bundles)) {
      expect(Object.keys(b.inputs).some((f) => f.includes('node:module'))).toBe(false);
      expect(b.code).toContain('tipsimRun');
    }
    expect(Object.keys(bundles.mathjs.inputs).some((f) => f.startsWith('node_modules/mathjs/'))).toBe(true);
    expect(Object.keys(bundles.stub.inputs).some((f) => f.startsWith('node_modules/mathjs/'))).toBe(false);
  });

  it.each([
    ['tiny', 'scenarios/tiny.yaml', 3],
    ['baseline', 'scenarios/baseline.yaml', 1],
  ] as const)('runs %s with the same yearly numbers as Node', async (name, path, replicate) => {
    const scenario = loadScenario(path).scenario;
    const expected = nodeRun(scenario, replicate);
    const page = await openPage('mathjs');
    const first = await browserRun(page, scenario, replicate);
    // A second run in the same page: the JIT is warm, as when a student moves a lever.
    const second = await browserRun(page, scenario, replicate);
    console.log(`browser run ${name} (replicate ${replicate}): ${first.ms.toFixed(0)} ms first, ${second.ms.toFixed(0)} ms warm`);
    expect(first.years).toEqual(expected.years);
    for (const metric of KEY) {
      expect(first.metrics[metric], metric).toEqual(expected.metrics[metric]);
      expect(
        first.metrics[metric].some((v) => v > 0),
        `${metric} is not all zero`,
      ).toBe(true);
    }
    // Every metric, not only the three above (toEqual treats NaN as equal to NaN).
    expect(first.metrics).toEqual(expected.metrics);
    expect(second.metrics).toEqual(first.metrics);
    await page.close();
  });

  it('gives the same numbers without mathjs for a scenario without expressions', async () => {
    const scenario = loadScenario('scenarios/tiny.yaml').scenario;
    const page = await openPage('stub');
    const run = await browserRun(page, scenario, 3);
    expect(run.metrics).toEqual(nodeRun(scenario, 3).metrics);
    await page.close();
  });

  it('evaluates expressions with the mathjs build, and refuses them clearly without it', async () => {
    const file = join(dir, 'tiny-expr.yaml');
    writeFileSync(
      file,
      `extends: ${JSON.stringify(resolve('scenarios/tiny.yaml'))}\n` +
        `countries:\n  RO: { demand: { expr: "1 + 0.25 * sin(2 * pi * t) + (year - 1995) / 3" } }\n` +
        `observation:\n  coverage: { expr: "min(1, max(0, (t - 1995) / 1.5))" }\n`,
    );
    const scenario = loadScenario(file).scenario;
    const expected = nodeRun(scenario, 3);
    expect(expected.metrics).not.toEqual(nodeRun(loadScenario('scenarios/tiny.yaml').scenario, 3).metrics);
    const page = await openPage('mathjs');
    expect((await browserRun(page, scenario, 3)).metrics).toEqual(expected.metrics);
    await page.close();
    const stub = await openPage('stub');
    await expect(browserRun(stub, scenario, 3)).rejects.toThrow(/no expression support/);
    await stub.close();
  });

  it('had no console error, page error or network request', () => {
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
  });
});
