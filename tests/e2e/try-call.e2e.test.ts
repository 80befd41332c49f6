// Try a call from the window, in a real browser against a real `portcullis serve --demo`:
// from the empty Calls view to the Try view, a grant made from the window, a form filled from
// the tool's inputSchema, the real answer shown, the call found in Calls as made by
// "Portcullis window"; a denied call shows the refusal. At 880×560 nothing overflows sideways
// and axe-core finds no serious or critical violation. Screenshots at 880×560 and 1280×800,
// light and dark, in /work/shots/trycall (or PORTCULLIS_SHOTS).
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { HAS_CHROMIUM, SKIP_REASON, openSignedInPage } from './helpers/browser.js';
import { atEachSizeAndTheme, MIN, savePicture, seriousAxeViolations, WIDE } from './helpers/checks.js';
import { startHost, type RunningHost } from './helpers/host.js';
import { ensureRendererBuilt } from './helpers/renderer-build.js';
import { tearDown } from './helpers/teardown.js';

const SHOTS = process.env.PORTCULLIS_SHOTS ?? '/work/shots/trycall';

async function shoot(page: Page, state: string): Promise<void> {
  await atEachSizeAndTheme(page, ({ key }) => savePicture(page, path.join(SHOTS, `try-${state}-${key}.png`)), { settleMs: 100, restore: WIDE });
}

/** At the window's minimum size: nothing scrolls the page sideways, no control ends past the edge. */
async function overflowAtMinimum(page: Page): Promise<string[]> {
  await page.setViewportSize(MIN);
  return (await page.evaluate(`(() => {
    const problems = [];
    const root = document.scrollingElement;
    if (root.scrollWidth > root.clientWidth) problems.push('page scrolls sideways: ' + root.scrollWidth);
    const form = document.querySelector('form[aria-label="Call to try"]');
    if (form && form.scrollWidth > form.clientWidth + 1) problems.push('the form overflows sideways: ' + form.scrollWidth + ' > ' + form.clientWidth);
    for (const el of document.querySelectorAll('main button, main input, main select, main textarea')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 1) problems.push((el.getAttribute('aria-label') || el.textContent || el.tagName).trim().slice(0, 30) + ' ends at ' + Math.round(r.right));
    }
    return problems;
  })()`)) as string[];
}

describe.skipIf(!HAS_CHROMIUM)(`try a call from the window${HAS_CHROMIUM ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let dataDir: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = makeTempDir('portcullis-try-e2e-');
    host = await startHost(dataDir, ['--demo']);
    ({ browser, page, pageErrors } = await openSignedInPage(host.loginUrl));
  }, 120_000);

  afterAll(() => tearDown({ browser, host, dirs: [dataDir] }));

  it('the demo, a form from the schema, the real answer, the call in Calls; a denial shows its reason', async () => {
    await page.getByRole('heading', { name: 'No calls yet' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Try a call' }).click();
    await page.getByRole('heading', { name: 'Try a call', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Call to try' });
    await form.getByRole('button', { name: /Create grant/ }).click();
    await expect.poll(() => form.getByLabel('As grant').inputValue()).toBe('Portcullis window');
    await form.getByLabel('Server').selectOption('demo-odoo');
    const toolPicker = form.getByLabel('Tool');
    await toolPicker.locator('option[value=odoo_search_read]').waitFor({ state: 'attached', timeout: 30_000 });
    await shoot(page, 'empty');

    await toolPicker.selectOption('odoo_search_read');
    await form.getByLabel(/^model \*/).fill('res.partner');
    await form.getByLabel(/^limit/).fill('5');
    expect(await overflowAtMinimum(page)).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shoot(page, 'filled');

    // Client-side check first: a required field left empty is named, and nothing is sent.
    await form.getByLabel(/^model \*/).fill('');
    await form.getByRole('button', { name: 'Run call' }).click();
    await form.getByRole('alert').filter({ hasText: 'model is required' }).waitFor();
    await form.getByLabel(/^model \*/).fill('res.partner');

    await form.getByRole('button', { name: 'Run call' }).click();
    const answer = page.locator('.answer');
    await answer.getByText('Result', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await answer.locator('pre.text').first().textContent()).toContain('"is_company"');
    expect(await overflowAtMinimum(page)).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shoot(page, 'result');

    await toolPicker.selectOption('odoo_unlink');
    await form.getByLabel(/^model \*/).fill('res.partner');
    await form.getByRole('button', { name: 'Add item' }).click();
    await form.getByRole('textbox', { name: 'ids item 1' }).fill('7');
    await form.getByRole('button', { name: 'Run call' }).click();
    await answer.getByText('Refused by the gateway').waitFor({ timeout: 30_000 });
    expect(await answer.locator('pre.text').first().textContent()).toContain('Deleting records is not allowed for agents');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shoot(page, 'refusal');

    // Held for approval: the view says so and links to Approvals; the answer waits there after the approval.
    await toolPicker.selectOption('odoo_create');
    await form.getByLabel(/^model \*/).fill('res.partner');
    await form.getByLabel(/^values \*/).fill('{"name": "Ada Lovelace"}');
    await form.getByRole('button', { name: 'Run call' }).click();
    await page.getByText('Waiting for approval').waitFor({ timeout: 30_000 });
    await shoot(page, 'waiting');
    await page.getByRole('button', { name: 'Open Approvals' }).click();
    await page.getByRole('article', { name: 'Approval request for odoo_create' }).getByRole('button', { name: /Approve once/ }).click();
    await page.getByRole('link', { name: /Try a call/ }).click();
    await answer.getByText('Approved', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await answer.textContent()).toContain('approval approved');

    await toolPicker.selectOption('odoo_unlink');
    await form.getByLabel(/^model \*/).fill('res.partner');
    await form.getByRole('button', { name: 'Add item' }).click();
    await form.getByRole('textbox', { name: 'ids item 1' }).fill('7');
    await form.getByRole('button', { name: 'Run call' }).click();
    await answer.getByText('Refused by the gateway').waitFor({ timeout: 30_000 });
    await answer.getByRole('button', { name: 'Open in Calls' }).click();
    const detail = page.getByRole('complementary', { name: 'Call details' });
    await detail.waitFor();
    expect(await detail.textContent()).toContain('Portcullis window');
    expect(await detail.getByTestId('call-rule').textContent()).toBe('tools.odoo_unlink');
    const row = page.locator('[role=row][data-call-id]', { has: page.locator('.tool', { hasText: /^odoo_search_read$/ }) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Allowed');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
