// Headless Chromium for the renderer e2e tests (Debian's /usr/bin/chromium, or
// PORTCULLIS_CHROMIUM). Without it the e2e files fail saying what to install (see test-binary.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testBinaryPresent } from '../../helpers/test-binary.js';
import { savePicture } from './checks.js';

export const CHROMIUM = process.env.PORTCULLIS_CHROMIUM ?? '/usr/bin/chromium';
export const SKIP_REASON = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set PORTCULLIS_CHROMIUM)`;
export const HAS_CHROMIUM = testBinaryPresent(existsSync(CHROMIUM), SKIP_REASON);

export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A browser with one page signed in to the headless host's UI (its login link), errors watched. */
export async function openSignedInPage(loginUrl: string, viewport: { width: number; height: number } = { width: 1360, height: 840 }): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport })).newPage();
  const pageErrors = await watchPageErrors(page);
  await page.goto(loginUrl);
  await page.locator('nav[aria-label=Views]').waitFor();
  return { browser, page, pageErrors };
}

/** Collects what would show a broken page: uncaught errors, console errors, CSP violations. */
export async function watchPageErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  // Name the blocked source and line, which the browser's own console message leaves out.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP: ' + e.violatedDirective + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber + ' sample=' + JSON.stringify(e.sample) + ' on ' + (e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 160) : String(e.target))), true);`,
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Saves `test-results/screenshots/<view>-<theme>.png` in light and dark. */
export async function screenshotBothThemes(page: Page, view: string, prepare?: () => Promise<void>): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await prepare?.();
    // Let transitions and the theme switch settle.
    await page.waitForTimeout(150);
    await savePicture(page, path.join(SCREENSHOT_DIR, `${view}-${colorScheme}.png`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
