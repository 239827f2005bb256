/**
 * Seminar mode, end to end: `tipsim seminar` writes the page; Debian's
 * chromium (playwright-core) opens it from disk with the network off, walks the
 * guided path, moves a slider with the keyboard, runs, sees the charts change, finds
 * no console error, page error or outside request, and gets exactly the numbers
 * `tipsim run` gives for the page's scenario and seed. Screenshots of each step go to
 * the test's folder (kept with TIPSIM_KEEP_TMP=1). Run times are logged, not asserted.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { launchChromium, offlinePage, type OfflinePage } from '../browser.ts';
import { GUIDE } from '../../engine/apps/seminar/guide.ts';
import type { Scenario } from '../../engine/kernel/scenario/schema.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CHART_IDS = ['chart-trade', 'chart-police', 'chart-strategies', 'chart-destinations', 'chart-corruption'];

interface PageRun {
  years: number[];
  metrics: Record<string, number[]>;
  ms: number;
}

describe('the seminar page', () => {
  let dir: string;
  let file: string;
  let browser: Browser;
  let o: OfflinePage;

  const runs = () => o.page.evaluate(() => Number(document.body.dataset.runs ?? 0));
  const waitRuns = (n: number) =>
    o.page.waitForFunction((k) => Number(document.body.dataset.runs ?? 0) >= k || !!document.body.dataset.error, n, { timeout: 60_000 });
  const lastRun = () => o.page.evaluate(() => (window as unknown as { tipsimSeminar: { lastRun: () => PageRun } }).tipsimSeminar.lastRun());
  const chartSvg = (id: string) => o.page.evaluate((i) => document.querySelector(`#${i} svg`)?.outerHTML ?? '', id);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tipsim-seminar-page-'));
    file = join(dir, 'seminar.html');
    const out = execFileSync(process.execPath, [join(ROOT, 'bin/tipsim.mjs'), 'seminar', '--out', file, '-q'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(out).toContain(file);
    browser = await launchChromium();
    o = await offlinePage(browser, { width: 1400, height: 1300 });
    await o.page.goto(pathToFileURL(file).href);
    await waitRuns(1);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir && !process.env.TIPSIM_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log(`seminar test files kept in ${dir}`);
  });

  it('is one file that loads nothing from outside and runs the engine in a Web Worker', async () => {
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).toContain("connect-src 'none'");
    expect(await o.page.evaluate(() => document.body.dataset.engine)).toBe('worker');
    expect(await o.page.evaluate(() => document.body.dataset.error ?? null)).toBeNull();
    for (const id of CHART_IDS) expect((await chartSvg(id)).length, id).toBeGreaterThan(1000);
    const first = await lastRun();
    console.log(`seminar page: first run (cold) ${first.ms.toFixed(0)} ms`);
  });

  it('labels every control, and the controls work from the keyboard', async () => {
    for (const label of [
      'Victims prong',
      'Supply prong (traffickers)',
      'Demand prong',
      'Networks adapt',
      '2002 visa lift',
      'Corruption',
      'Seed',
      'Parameters drawn from the calibration',
    ])
      expect(await o.page.getByLabel(label, { exact: false }).count(), label).toBeGreaterThanOrEqual(1);
    const before = await o.page.textContent('#budget-estimate');
    await o.page.focus('#prong-supply');
    for (let i = 0; i < 12; i++) await o.page.keyboard.press('ArrowRight');
    expect(await o.page.inputValue('#prong-supply')).toBe('1');
    expect(await o.page.textContent('#budget-estimate')).not.toBe(before);
    expect(await o.page.textContent('#prong-supply-out')).toMatch(/^1 \(≈ \d/);
    // Space on the focused checkbox switches it.
    await o.page.focus('#adaptation');
    await o.page.keyboard.press('Space');
    expect(await o.page.isChecked('#adaptation')).toBe(false);
    await o.page.keyboard.press('Space');
    expect(await o.page.isChecked('#adaptation')).toBe(true);
    // Enter in the seed field runs (the form's submit).
    const n = await runs();
    const chart = await chartSvg('chart-police');
    const run = await lastRun();
    await o.page.focus('#seed');
    await o.page.keyboard.press('Enter');
    await waitRuns(n + 1);
    const after = await lastRun();
    expect(after.metrics.cost_supply.some((v) => v > 0)).toBe(true);
    expect(after.metrics.police_offences).not.toEqual(run.metrics.police_offences);
    expect(await chartSvg('chart-police')).not.toBe(chart);
    console.log(`seminar page: a run after moving a slider ${after.ms.toFixed(0)} ms`);
    await o.page.screenshot({ path: join(dir, 'slider.png'), fullPage: true });
  });

  it('walks the guided path: each step sets the levers, runs and redraws', async () => {
    await o.page.click('#steps li:first-child button');
    await o.page.waitForFunction(() => document.body.dataset.step === '1' && !document.body.hasAttribute('aria-busy'));
    const times: number[] = [];
    for (let i = 0; i < GUIDE.length; i++) {
      if (i > 0) {
        const n = await runs();
        await o.page.click('#step-next');
        await waitRuns(n + 1);
      }
      await o.page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
      expect(await o.page.textContent('#step-title')).toBe(GUIDE[i].title);
      expect(await o.page.textContent('#step-text')).toBe(GUIDE[i].text);
      const s = GUIDE[i].set;
      expect(await o.page.isChecked('#adaptation')).toBe(s.adaptation ?? true);
      expect(await o.page.isChecked('#visa-lift')).toBe(s.visaLift ?? true);
      expect(await o.page.isChecked('#posterior')).toBe(s.posterior ?? false);
      expect(Number(await o.page.inputValue('#prong-victims'))).toBeCloseTo(s.victims ?? 0, 1);
      const settings = await o.page.evaluate(() =>
        (window as unknown as { tipsimSeminar: { settings: () => Record<string, unknown> } }).tipsimSeminar.settings(),
      );
      expect(settings.adaptation).toBe(s.adaptation ?? true);
      times.push((await lastRun()).ms);
      await o.page.screenshot({ path: join(dir, `step-${i + 1}.png`), fullPage: true });
    }
    expect(await o.page.isDisabled('#step-next')).toBe(true);
    console.log(`seminar page: guided path run times ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  });

  it('switching adaptation off redraws the charts with networks kept at their 1995 strategies', async () => {
    const i = GUIDE.findIndex((g) => g.set.adaptation === false);
    await o.page.click(`#steps li:nth-child(${i}) button`);
    await o.page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
    const n = await runs();
    const on = await lastRun();
    const chart = await chartSvg('chart-trade');
    await o.page.click(`#steps li:nth-child(${i + 1}) button`);
    await waitRuns(n + 1);
    const off = await lastRun();
    expect(await chartSvg('chart-trade')).not.toBe(chart);
    // Strategies stay at their 1995 mix without adaptation: the shares differ from the adaptive run's.
    expect(off.metrics.share_private_venue).not.toEqual(on.metrics.share_private_venue);
  });

  it('gives exactly the numbers tipsim run gives for its scenario and seed', async () => {
    const m = await runs();
    await o.page.click(`#steps li:nth-child(${GUIDE.length}) button`);
    await waitRuns(m + 1);
    await o.page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
    await o.page.fill('#seed', '12345');
    await o.page.focus('#prong-demand');
    await o.page.keyboard.press('End');
    const n = await runs();
    await o.page.click('#run');
    await waitRuns(n + 1);
    const scenario = await o.page.evaluate(() =>
      (window as unknown as { tipsimSeminar: { scenario: () => Scenario } }).tipsimSeminar.scenario(),
    );
    const page = await lastRun();
    expect(scenario.seed).toBe(12345);
    // The guided path's last step draws parameters from the posterior: the CLI gets that particle's scenario.
    expect(await o.page.isChecked('#posterior')).toBe(true);
    expect(scenario.description).toMatch(/posterior particle \d+/);
    expect(Object.keys(scenario.levers ?? {})).toContain('buyer_punishment');
    const scenarioFile = join(dir, 'page-scenario.json');
    writeFileSync(scenarioFile, JSON.stringify(scenario));
    const out = join(dir, 'cli');
    execFileSync(
      process.execPath,
      [join(ROOT, 'bin/tipsim.mjs'), 'run', scenarioFile, '--replicates', '1', '--workers', '1', '--out', out, '-q'],
      { cwd: ROOT },
    );
    const cli: Record<string, Map<number, number>> = {};
    const lines = readFileSync(join(out, 'yearly.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const [rep, year, metric, country, value] = line.split(',');
      if (rep !== '0' || country !== 'ALL') continue;
      (cli[metric] ??= new Map()).set(Number(year), value === 'NA' ? NaN : Number(value));
    }
    const names = Object.keys(page.metrics);
    expect(names.length).toBeGreaterThan(20);
    expect(Object.keys(cli).sort()).toEqual([...names].sort());
    for (const m of names) {
      const fromCli = page.years.map((y) => cli[m].get(y));
      // The CSV writes whole numbers exactly and others to 10 significant digits.
      page.metrics[m].forEach((v, i) => {
        const c = fromCli[i]!;
        if (Number.isNaN(v)) expect(Number.isNaN(c), `${m} ${page.years[i]}`).toBe(true);
        else if (Number.isInteger(v)) expect(c, `${m} ${page.years[i]}`).toBe(v);
        else expect(Math.abs(c - v), `${m} ${page.years[i]}`).toBeLessThanOrEqual(Math.abs(v) * 1e-9);
      });
    }
    expect(page.metrics.victims_assisted.some((v) => v > 0)).toBe(true);
  });

  it('logged no console error, no page error and no outside request', () => {
    expect(o.consoleErrors).toEqual([]);
    expect(o.pageErrors).toEqual([]);
    expect(o.refused).toEqual([]);
  });
});
