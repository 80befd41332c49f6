// Approvals that hold up, on the real headless host in real Chromium: a real SDK client with a
// short request timeout gives up on a held call; the person approves it afterwards in the window;
// the agent's retry of exactly that call runs once (a second retry asks again); the history
// survives a page reload and a gateway restart; with the browser's permission, a held call
// raises a browser notification. Screenshots of the Approvals view (pending, waiting to be
// used, history) and of Settings' notifications block at 880×560 and 1280×800, light and dark.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ODOO_FIXTURE_SERVER } from '../helpers/app.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { HAS_CHROMIUM, SKIP_REASON, launchBrowser, screenshotBothThemes, watchPageErrors } from './helpers/browser.js';
import { cli, startHost, type RunningHost } from './helpers/host.js';
import { ensureRendererBuilt } from './helpers/renderer-build.js';
import { scrollsSideways, seriousAxeViolations } from './helpers/checks.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const POLICY = { version: '1', default: 'deny', tools: { odoo_write: { action: 'approve' }, odoo_search_read: {} } };
const ARGS = { model: 'res.partner', ids: [7], values: { name: 'Ada Lovelace' } };
/** The agent's client gives up this fast (the SDK's default is 60 s). */
const CLIENT_TIMEOUT_MS = 1500;
const SIZES = [[880, 560], [1280, 800]] as const;

describe.skipIf(!HAS_CHROMIUM)(`approvals that hold up${HAS_CHROMIUM ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let dataDir: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let agent: Client;
  let token: string;
  let pageErrors: string[];
  /** Titles of the browser notifications the page created. */
  const notified = async (): Promise<string[]> => (await page.evaluate('window.__notified ?? []')) as string[];

  const openPage = async (loginUrl: string) => {
    await page.goto(loginUrl);
    await page.locator('nav[aria-label=Views]').waitFor();
  };
  const callGivingUp = () => agent.callTool({ name: 'odoo_write', arguments: ARGS }, undefined, { timeout: CLIENT_TIMEOUT_MS }).then(
    () => 'answered',
    (error: Error) => error.message,
  );
  const cards = () => page.getByRole('article', { name: 'Approval request for odoo_write' });
  /** Pictures at both sizes and themes; at each, no sideways scroll and no serious axe violation. */
  const checkAndShoot = async (name: string) => {
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      expect(await scrollsSideways(page), `${name} at ${width}×${height}`).toBe(false);
      await screenshotBothThemes(page, `${name}-${width}x${height}`);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        expect(await seriousAxeViolations(page), `${name} at ${width}×${height}, ${colorScheme}`).toEqual([]);
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await page.setViewportSize({ width: 1360, height: 840 });
  };

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = makeTempDir('portcullis-e2e-approvals-');
    await mkdir(path.join(dataDir, 'policies'), { recursive: true });
    await writeFile(path.join(dataDir, 'policies', 'odoo.json'), JSON.stringify(POLICY));
    await cli(dataDir, ['server', 'add', 'odoo', '--', process.execPath, ODOO_FIXTURE_SERVER]);
    token = (await cli(dataDir, ['grant', 'create', 'agent'])).trim();
    host = await startHost(dataDir);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1360, height: 840 } });
    await context.grantPermissions(['notifications'], { origin: host.url });
    page = await context.newPage();
    pageErrors = await watchPageErrors(page);
    // Records each notification the page shows, and has the person look at another window
    // (the UI notifies only then: a person looking at the window sees the card itself).
    await page.addInitScript({
      content: `(() => {
        const Real = window.Notification;
        window.__notified = [];
        window.Notification = class extends Real { constructor(title, options) { super(title, options); window.__notified.push(title); } };
        Object.defineProperty(window.Notification, 'permission', { get: () => Real.permission });
        window.Notification.requestPermission = (...a) => Real.requestPermission(...a);
        document.hasFocus = () => false;
      })();`,
    });
    await openPage(host.loginUrl);
    agent = await connectHttpClient(`${host.url}/mcp/odoo`, { Authorization: `Bearer ${token}` }, 'e2e-agent');
  }, 120_000);

  afterAll(async () => {
    await agent?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('Settings says browser notifications are on for this tab', async () => {
    await page.evaluate(`window.location.hash = '#/settings'`);
    const where = page.getByTestId('notifications-where');
    await where.waitFor();
    expect(await where.textContent()).toMatch(/As browser notifications from this tab/);
    await page.locator('section[aria-labelledby=s-notify]').scrollIntoViewIfNeeded();
    await checkAndShoot('approvals-settings-notifications');
  });

  it('without the permission, Settings offers to ask for it, or says why notifications are not available here', async () => {
    const other = await (await browser.newContext({ viewport: { width: 880, height: 560 } })).newPage();
    await other.goto(/http:\/\/\S+/.exec(await cli(dataDir, ['ui']))![0]);
    await other.locator('nav[aria-label=Views]').waitFor();
    await other.evaluate(`window.location.hash = '#/settings'`);
    const where = other.getByTestId('notifications-where');
    await where.waitFor();
    const text = (await where.textContent()) ?? '';
    const permission = await other.evaluate('Notification.permission');
    if (permission === 'default') {
      expect(text).toMatch(/once this browser allows them/);
      expect(await other.getByRole('button', { name: 'Allow browser notifications' }).count()).toBe(1);
    } else {
      expect(text).toMatch(/^Not available here: this browser blocks them for this page/);
    }
    await other.locator('section[aria-labelledby=s-notify]').scrollIntoViewIfNeeded();
    await screenshotBothThemes(other, `approvals-settings-notifications-not-permitted-880x560`);
    await other.context().close();
  });

  it('an approval given after the client gave up is used by the retried call, once; a second retry asks again', async () => {
    await page.evaluate(`window.location.hash = '#/approvals'`);
    expect(await callGivingUp()).toMatch(/timed out/i);
    const card = cards().first();
    await card.getByTestId('agent-gone').waitFor({ timeout: 15_000 });
    expect(await card.getByTestId('agent-gone').textContent()).toMatch(/The agent stopped waiting \(its client cancelled the call\)/);
    expect(await notified()).toContain('Approval needed: odoo_write');
    await checkAndShoot('approvals-pending-agent-gone');

    await card.getByRole('button', { name: /Approve once/ }).click();
    const kept = page.getByRole('table', { name: "Approved, waiting for the agent's retry" });
    await kept.waitFor();
    expect(await kept.getByRole('row').count()).toBe(2); // header + this one
    await checkAndShoot('approvals-waiting-to-be-used');

    // The retry runs at once, without asking; the window moves it to the history as used.
    expect(textOf(await agent.callTool({ name: 'odoo_write', arguments: ARGS }, undefined, { timeout: 10_000 }))).toBe('ok: odoo_write');
    await kept.waitFor({ state: 'detached' });
    const history = page.getByTestId('approval-history');
    expect(await history.textContent()).toMatch(/approved.*by the web UI.*used by the retry/);

    // A second retry is asked again.
    expect(await callGivingUp()).toMatch(/timed out/i);
    await cards().first().waitFor({ timeout: 15_000 });
    expect(await cards().count()).toBe(1);
    await checkAndShoot('approvals-history');
    await cards().first().getByRole('button', { name: /Deny/ }).click();
    await page.getByLabel('Reason the agent is told (optional)').fill('Once was enough');
    await cards().first().getByRole('button', { name: 'Deny', exact: true }).click();
    await cards().first().waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });

  it('the history survives a page reload and a gateway restart', async () => {
    const rows = () => page.getByTestId('approval-history').locator('tbody tr');
    await page.reload();
    await rows().first().waitFor();
    expect(await rows().count()).toBe(2);
    expect(await page.getByTestId('approval-history').textContent()).toMatch(/Once was enough/);

    await host.stop();
    host = await startHost(dataDir);
    await openPage(host.loginUrl);
    await page.evaluate(`window.location.hash = '#/approvals'`);
    await rows().first().waitFor();
    const text = (await page.getByTestId('approval-history').textContent()) ?? '';
    expect(await rows().count()).toBe(2);
    expect(text).toMatch(/used by the retry/);
    expect(text).toMatch(/Once was enough/);
  });
});
