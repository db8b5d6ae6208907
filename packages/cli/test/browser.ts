import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium package (.ci/browser-setup.sh installs it); playwright-core brings no browser of its own. */
export const CHROMIUM = process.env.PCILINT_CHROMIUM ?? '/usr/bin/chromium';

/** Headless Chromium with nothing that reaches the network or the user's profile. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run .ci/browser-setup.sh (apt-get install chromium) or set PCILINT_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
