/**
 * Helpers for the comparison's tests: `tipsim compare` run in this process with its
 * output captured, CSV rows, the uncertainty fixtures (a one-parameter posterior for
 * the tiny scenario and two lever scenarios), and a report opened offline in chromium.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { cli } from '../../engine/cli/main.ts';
import type { IO } from '../../engine/cli/command.ts';
import { launchChromium, offlinePage } from '../browser.ts';

export const TINY = fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url));

/** Runs `tipsim compare ARGS` in this process; its exit code and what it printed. */
export async function compare(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const io: IO = { out: (s) => void (out += s), err: (s) => void (err += s), errIsTTY: false, errColumns: 80, now: () => new Date(0) };
  const code = await cli(['compare', ...args], io);
  return { code, out, err };
}

/** A CSV file's rows, split at commas (the comparison's CSVs quote nothing). */
export const rows = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));

/**
 * Writes into dir: a posterior of one parameter (RO's escape, three particles) with
 * its priors.yaml, and police.yaml and border.yaml, the tiny scenario with the police
 * or the border inspection lever from 1996.
 */
export function writeUncertaintyFixtures(dir: string): void {
  writeFileSync(
    join(dir, 'priors.yaml'),
    'parameters:\n  - name: escape\n    paths: [countries.RO.escape]\n    mode: set\n    distribution: uniform\n    range: [0.005, 0.1]\n    reason: test\n',
  );
  writeFileSync(join(dir, 'posterior.csv'), 'particle,weight,distance,escape\n0,1,0.1,0.01\n1,2,0.2,0.03\n2,1,0.3,0.08\n');
  writeFileSync(
    join(dir, 'police.yaml'),
    `extends: ${JSON.stringify(TINY)}\nname: police\nlevers: { police: { level: { schedule: { 1995: 0, 1996: 3 } } } }\n`,
  );
  writeFileSync(
    join(dir, 'border.yaml'),
    `extends: ${JSON.stringify(TINY)}\nname: border\nlevers: { border_inspection: { level: { schedule: { 1995: 0, 1996: 1 } } } }\n`,
  );
}

/**
 * Opens a report.html from disk in chromium with the network off, waits for its
 * charts, runs `check` on the page, and asserts that nothing failed: no render error,
 * no console error, no page error, no request off the disk.
 */
export async function inChromium(html: string, check: (page: Page) => Promise<void>): Promise<void> {
  const browser = await launchChromium();
  try {
    const { context, page, refused, consoleErrors, pageErrors } = await offlinePage(browser, { width: 1200, height: 900 });
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('body[data-rendered="true"], body[data-render-error]', { timeout: 60_000 });
    expect(await page.getAttribute('body', 'data-render-error')).toBeNull();
    await check(page);
    await context.close();
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(refused).toEqual([]);
  } finally {
    await browser.close();
  }
}
