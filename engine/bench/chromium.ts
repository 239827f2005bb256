/**
 * Debian's chromium through playwright-core (which downloads no browser): the bench
 * times the seminar page in it, and the browser tests drive it (test/browser.ts).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Launches chromium, or fails (never skips) with how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} not found: tipsim drives Debian's chromium (playwright-core downloads no browser here). Install it with \`apt-get update && apt-get install -y chromium\` (with sudo when not root); .ci/run does this.`,
    );
  // Root in a container: no sandbox. Small /dev/shm: use /tmp.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}
