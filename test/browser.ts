/**
 * Shared by the browser tests: Debian's chromium through playwright-core (no browser
 * download works here; .ci/run installs /usr/bin/chromium), and a page whose context
 * is offline and refuses every request that is not file:, data: or blob: (local objects the page made itself), collecting the
 * refused requests and the console and page errors.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Launches chromium, or fails (never skips) with how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: these tests drive Debian's chromium (playwright-core downloads no browser here). Install it with \`apt-get update && apt-get install -y chromium\` (with sudo when not root); .ci/run does this.`);
  // Root in a container: no sandbox. Small /dev/shm: use /tmp.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

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
