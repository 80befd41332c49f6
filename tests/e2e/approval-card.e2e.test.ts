// The approval card on the real headless host: a real client's held call shows every
// argument whole (a 3 KB command included, scrollable), secret-looking values masked with a
// per-value Reveal. Screenshots at 880×560 and 1280×800, light and dark, go to
// test-results/screenshots/approval-card-<size>-<theme>.png.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ODOO_FIXTURE_SERVER } from '../helpers/app.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { HAS_CHROMIUM, SKIP_REASON, openSignedInPage, screenshotBothThemes } from './helpers/browser.js';
import { cli, startHost, type RunningHost } from './helpers/host.js';
import { ensureRendererBuilt } from './helpers/renderer-build.js';
import { tearDown } from './helpers/teardown.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const POLICY = { version: '1', default: 'deny', tools: { ssh_execute: { action: 'approve', approval: { timeout_s: 300 } } } };
const COMMAND = `pg_dump --clean app | gzip > /backups/app.sql.gz; ${'echo step; '.repeat(300)}rm -rf /var/lib/postgresql/old`;
const ARGS = {
  host: 'db-prod-1',
  command: COMMAND,
  session: 'sess-7f3a9c2e41',
  user: 'Bearer ../../../../root/.ssh/id_rsa',
  connection: 'postgresql://app:PgPassw0rd@db.example.com:5432/app',
  timeout: 600,
};

describe.skipIf(!HAS_CHROMIUM)(`the approval card${HAS_CHROMIUM ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let dataDir: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let agent: Client;
  let pending: Promise<unknown>;
  let pageErrors: string[];

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = makeTempDir('portcullis-e2e-approval-');
    await mkdir(path.join(dataDir, 'policies'), { recursive: true });
    await writeFile(path.join(dataDir, 'policies', 'odoo.json'), JSON.stringify(POLICY));
    await cli(dataDir, ['server', 'add', 'odoo', '--', process.execPath, ODOO_FIXTURE_SERVER]);
    const token = (await cli(dataDir, ['grant', 'create', 'agent'])).trim();
    host = await startHost(dataDir);
    ({ browser, page, pageErrors } = await openSignedInPage(host.loginUrl));
    agent = await connectHttpClient(`${host.url}/mcp/odoo`, { Authorization: `Bearer ${token}` }, 'e2e-agent');
    pending = agent.callTool({ name: 'ssh_execute', arguments: ARGS }, undefined, { timeout: 300_000 });
  }, 120_000);

  afterAll(() => tearDown({ clients: [agent], browser, host, dirs: [dataDir] }));

  it('shows every argument whole, masks the secret-looking ones, and reveals one on request', async () => {
    await page.evaluate(`window.location.hash = '#/approvals'`);
    const card = page.getByRole('article', { name: 'Approval request for ssh_execute' });
    await card.waitFor({ timeout: 30_000 });
    const block = card.getByTestId('approval-arguments');

    const shown = (await block.textContent()) ?? '';
    expect(shown).toContain(JSON.stringify(COMMAND)); // all 3 KB of it, not cut
    for (const secret of [ARGS.session, ARGS.user, 'PgPassw0rd']) expect(shown).not.toContain(secret);
    expect(await card.getByRole('button', { name: 'Reveal' }).count()).toBe(3);
    expect(await card.textContent()).toMatch(/3 secret-looking values are masked/);
    expect(await card.textContent()).toMatch(/3,\d{3} characters, shown in full: scroll to read all of it/);

    await card.getByRole('button', { name: 'Reveal' }).first().click();
    expect(await block.textContent()).toContain(JSON.stringify(ARGS.session));
    expect(await card.getByRole('button', { name: 'Hide' }).count()).toBe(1);
    expect(pageErrors).toEqual([]);

    for (const [width, height] of [[880, 560], [1280, 800]] as const) {
      await page.setViewportSize({ width, height });
      await screenshotBothThemes(page, `approval-card-${width}x${height}`);
    }
  });

  it('approving runs the call with exactly those arguments', async () => {
    await page.getByRole('article', { name: 'Approval request for ssh_execute' }).getByRole('button', { name: /Approve once/ }).click();
    expect(textOf(await pending)).toBe('ok: ssh_execute');
  });
});
