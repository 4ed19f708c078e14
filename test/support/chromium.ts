import { chromium, type Browser } from 'playwright-core';

/** Debian's headless Chromium (scripts/install-chromium.sh), for the page tests. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    // The machine has no general internet access: Chromium's background services must stay off.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
