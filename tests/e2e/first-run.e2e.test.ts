// The first five minutes, in the browser: a fresh `portcullis serve`, "Try the demo" on the
// welcome screen, a real client calling the demo server, and the UI showing a denied call
// (with its rule and why) and an approval that a person grants. Screenshots light and dark.

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { HAS_CHROMIUM, SKIP_REASON, openSignedInPage, screenshotBothThemes } from './helpers/browser.js';
import { cli, startHost, type RunningHost } from './helpers/host.js';
import { ensureRendererBuilt } from './helpers/renderer-build.js';
import { tearDown } from './helpers/teardown.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe.skipIf(!HAS_CHROMIUM)(`first run with the demo${HAS_CHROMIUM ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let dataDir: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let agent: Client | undefined;
  let pageErrors: string[];

  const callRow = (tool: string) => page.locator('[role=row][data-call-id]', { has: page.locator('.tool', { hasText: new RegExp(`^${tool}$`) }) });

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = makeTempDir('portcullis-first-run-');
    host = await startHost(dataDir);
    ({ browser, page, pageErrors } = await openSignedInPage(host.loginUrl));
  }, 120_000);

  afterAll(() => tearDown({ clients: [agent], browser, host, dirs: [dataDir] }));

  it('"Try the demo" registers the demo server with its policy; a real client then sees a denial and an approval in the UI', async () => {
    await page.getByRole('heading', { name: 'Welcome to Portcullis' }).waitFor();
    await screenshotBothThemes(page, 'first-run-welcome');
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await page.evaluate(`window.location.hash = '#/servers'`);
    await page.locator('[data-server=demo-odoo]').getByText('Ready').waitFor({ timeout: 30_000 });

    const token = (await cli(dataDir, ['grant', 'create', 'Claude Desktop'])).trim();
    agent = await connectHttpClient(`${host.url}/mcp/demo-odoo`, { Authorization: `Bearer ${token}` }, 'claude-desktop');
    const listed = (await agent.listTools()).tools.map((t) => t.name);
    expect(listed).toContain('odoo_search_read');
    expect(listed).not.toContain('ssh_execute'); // hidden by the demo policy

    await page.evaluate(`window.location.hash = '#/calls'`);
    expect(textOf(await agent.callTool({ name: 'odoo_search_read', arguments: { model: 'res.partner', limit: 5 } }))).not.toBe('');
    const denied = await agent.callTool({ name: 'odoo_unlink', arguments: { model: 'res.partner', ids: [7] } });
    expect(textOf(denied)).toMatch(/Deleting records is not allowed for agents/);
    const row = callRow('odoo_unlink');
    await row.waitFor();
    // The row appears when the call starts; its verdict follows with the call's end event.
    await row.locator('.decision', { hasText: 'Denied' }).waitFor();
    await row.click();
    const detail = page.getByRole('complementary', { name: 'Call details' });
    expect(await detail.getByTestId('call-rule').textContent()).toBe('tools.odoo_unlink');

    const held = agent.callTool({ name: 'odoo_create', arguments: { model: 'res.partner', values: { name: 'Ada Lovelace' } } }, undefined, { timeout: 120_000 });
    await callRow('odoo_create').getByText('Awaiting approval').waitFor({ timeout: 15_000 });
    await screenshotBothThemes(page, 'first-run-calls');
    await page.getByRole('link', { name: /Approvals/ }).click();
    const card = page.getByRole('article', { name: 'Approval request for odoo_create' });
    await card.waitFor();
    await screenshotBothThemes(page, 'first-run-approval');
    await card.getByRole('button', { name: /Approve once/ }).click();
    const result = await held;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/demo/i);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
