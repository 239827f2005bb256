/**
 * Shared by the browser tests: Debian's chromium through playwright-core (no browser
 * download works here; .ci/run installs /usr/bin/chromium; engine/bench/chromium.ts
 * launches it), and a page whose context
 * is offline and refuses every request that is not file:, data: or blob: (local objects the page made itself), collecting the
 * refused requests and the console and page errors.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../engine/bench/chromium.ts';

export { CHROMIUM, launchChromium };

export interface OfflinePage {
  context: BrowserContext;
  page: Page;
  /** Requests refused because they were not file:, data: or blob:. */
  refused: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

export async function offlinePage(browser: Browser, viewport = { width: 1100, height: 900 }): Promise<OfflinePage> {
  const context = await browser.newContext({ offline: true, viewport });
  const refused: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    refused.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return { context, page, refused, consoleErrors, pageErrors };
}
