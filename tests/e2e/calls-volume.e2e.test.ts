// The Calls view under volume: 100,000 calls shown with only the visible rows in the DOM;
// calls streaming in on top of them (each a call-started then a call-finished event) all
// arrive and the DOM stays bounded; scrolling renders other rows, not more; a filter narrows
// the list and clearing it restores the whole. Counts and order only: how fast it does this
// is measured by `npm run bench:renderer` (bench/renderer-calls.mjs), never asserted here.
// The events go through the renderer's real client path: an in-page `window.portcullis`
// (the Electron preload's shape) feeds the stores.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, SKIP_REASON, launchBrowser, screenshotBothThemes, watchPageErrors } from './helpers/browser.js';
import { RENDERER_DIST, ensureRendererBuilt } from './helpers/renderer-build.js';
import { serveDirectory } from './helpers/static-server.js';

const TOTAL = 100_000;
/** Fewer than this many row elements: the list virtualises (the viewport shows a few dozen). */
const ROW_ELEMENTS_BOUND = 120;

describe.skipIf(!HAS_CHROMIUM)(`Calls view under volume${HAS_CHROMIUM ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let browser: Browser;
  let page: Page;
  let site: { url: string; close(): Promise<void> };
  let errors: string[];
  const rowElements = () => page.locator('[role=row][data-call-id]').count();
  const shownCount = () => page.evaluate<number>(`Number(document.querySelector('[role=grid][aria-label=Calls]')?.getAttribute('aria-rowcount') ?? 1) - 1`);
  const renderedIds = () => page.evaluate<string[]>(`[...document.querySelectorAll('[role=row][data-call-id]')].map((row) => row.dataset.callId)`);

  beforeAll(async () => {
    await ensureRendererBuilt();
    site = await serveDirectory(RENDERER_DIST);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 840 } });
    errors = await watchPageErrors(page);
    await page.addInitScript({ path: path.resolve('tests/e2e/fixtures/fake-client.js') });
    await page.goto(site.url);
    await page.locator('#calls-h').waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('shows 100,000 calls, keeping only the visible rows in the DOM', async () => {
    const result = await page.evaluate<{ rows: number; rowElements: number }>(`window.__perf.measureRender(${TOTAL})`);
    expect(result.rows).toBe(TOTAL);
    expect(result.rowElements).toBeGreaterThan(10);
    expect(result.rowElements).toBeLessThan(ROW_ELEMENTS_BOUND);
  }, 60_000);

  it('shows every call that streams in on top of them (started, then finished), the DOM still bounded', async () => {
    const result = await page.evaluate<{ callsEmitted: number; rowsAdded: number }>('window.__perf.measureStream(500, 2)');
    expect(result.callsEmitted).toBeGreaterThan(0);
    expect(result.rowsAdded).toBe(result.callsEmitted);
    expect(await shownCount()).toBe(TOTAL + result.callsEmitted);
    expect(await rowElements()).toBeLessThan(ROW_ELEMENTS_BOUND);
  }, 60_000);

  it('renders other rows when scrolled to the end, not more of them', async () => {
    const viewport = page.getByLabel('Call log rows');
    await viewport.evaluate((el) => el.scrollTo({ top: 0 }));
    const top = await renderedIds();
    await viewport.evaluate((el) => {
      el.scrollTo({ top: el.scrollHeight });
      el.dispatchEvent(new Event('scroll'));
    });
    await page.waitForFunction(`!document.querySelector('[role=row][data-call-id="${top[0]}"]')`);
    const end = await renderedIds();
    expect(end.filter((id) => top.includes(id))).toEqual([]);
    expect(end.length).toBeGreaterThan(10);
    expect(end.length).toBeLessThan(ROW_ELEMENTS_BOUND);
    // A screenshot of the busy log, both themes.
    await viewport.evaluate((el) => el.scrollTo({ top: 0 }));
    await page.locator('[role=row][data-call-id]').first().click();
    await screenshotBothThemes(page, 'calls-busy');
  }, 60_000);

  it('narrows 100,000 rows by decision, and shows them all again when the filter is cleared', async () => {
    const all = await shownCount();
    await page.getByLabel('Decision').selectOption('denied');
    await page.waitForFunction(`(Number(document.querySelector('[role=grid][aria-label=Calls]').getAttribute('aria-rowcount')) - 1) < 20000`);
    expect(await shownCount()).toBeGreaterThan(0);
    await page.getByLabel('Decision').selectOption('');
    await page.waitForFunction(`(Number(document.querySelector('[role=grid][aria-label=Calls]').getAttribute('aria-rowcount')) - 1) === ${all}`);
    expect(await rowElements()).toBeLessThan(ROW_ELEMENTS_BOUND);
    expect(errors).toEqual([]);
  }, 60_000);
});
