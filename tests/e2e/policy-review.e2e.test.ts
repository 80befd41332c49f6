// Every policy change reviewed in words, in the browser against a real `portcullis serve
// --demo` and a real MCP client: "Open policy" from a denied call lands on its rule,
// highlighted and in view at 880×560; the builder's review lists the change in words and
// nothing untouched is lost (a reason survives Allow → Deny); the Catalog's quick action
// opens the review instead of saving; leaving a dirty draft asks first, and coming back
// finds it. Screenshots of each, light and dark, at 880×560 and 1280×800.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttpClient } from '../helpers/sdk-client.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { HAS_CHROMIUM, SCREENSHOT_DIR, SKIP_REASON, openSignedInPage } from './helpers/browser.js';
import { atEachSizeAndTheme, MIN, savePicture } from './helpers/checks.js';
import { cli, startHost, type RunningHost } from './helpers/host.js';
import { ensureRendererBuilt } from './helpers/renderer-build.js';
import { tearDown } from './helpers/teardown.js';

const UNLINK_REASON = 'Deleting records is not allowed for agents';

describe.skipIf(!HAS_CHROMIUM)(`policy changes reviewed in words${HAS_CHROMIUM ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let dataDir: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let agent: Client;
  let pageErrors: string[];

  const go = async (hash: string) => {
    await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
    await page.locator('main h1').first().waitFor();
  };
  const activePolicy = async (): Promise<{ tools: Record<string, Record<string, unknown>> }> => JSON.parse(await cli(dataDir, ['policy', 'show', 'demo-odoo'])) as { tools: Record<string, Record<string, unknown>> };
  const review = () => page.getByTestId('policy-review');
  const shots = (name: string) => atEachSizeAndTheme(page, ({ key }) => savePicture(page, path.join(SCREENSHOT_DIR, `edits-${name}-${key}.png`)));

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = makeTempDir('portcullis-policy-review-');
    host = await startHost(dataDir, ['--demo']);
    const token = (await cli(dataDir, ['grant', 'create', 'Claude Desktop'])).trim();
    agent = await connectHttpClient(`${host.url}/mcp/demo-odoo`, { Authorization: `Bearer ${token}` }, 'claude-desktop');
    await agent.callTool({ name: 'odoo_unlink', arguments: { model: 'res.partner', ids: [7] } });
    ({ browser, page, pageErrors } = await openSignedInPage(host.loginUrl, MIN));
  }, 120_000);

  afterAll(async () => {
    // The pictures this suite took, where the lead looks at them.
    const out = process.env.PORTCULLIS_SHOTS_DIR;
    if (out && dataDir) {
      await mkdir(out, { recursive: true });
      for (const file of await readdir(SCREENSHOT_DIR)) if (file.startsWith('edits-')) await copyFile(path.join(SCREENSHOT_DIR, file), path.join(out, file));
    }
    await tearDown({ clients: [agent], browser, host, dirs: [dataDir] });
  });

  it('Open policy from a denied call scrolls to its rule and highlights it, in view at 880×560', async () => {
    await go('#/calls');
    const row = page.locator('[role=row][data-call-id]', { has: page.locator('.tool', { hasText: /^odoo_unlink$/ }) });
    await row.first().click();
    const detail = page.getByRole('complementary', { name: 'Call details' });
    expect(await detail.getByTestId('call-rule').textContent()).toBe('tools.odoo_unlink');
    await detail.getByRole('button', { name: /Open policy/ }).click();
    const rule = page.locator('[data-tool-rule="odoo_unlink"]');
    await rule.and(page.locator('[data-focused]')).waitFor();
    // The builder lists the demo's 126 tools; the rule is far down, and must be on screen.
    expect(await page.locator('[data-tool-rule]').count()).toBeGreaterThan(100);
    await expect.poll(async () => {
      const box = await rule.boundingBox();
      return box !== null && box.y >= 0 && box.y + 40 <= MIN.height;
    }).toBe(true);
    expect(await page.evaluate(`document.activeElement?.getAttribute('data-tool-rule')`)).toBe('odoo_unlink');
    // Only the builder scrolled: the view's header and toolbar stay where they were.
    expect((await page.locator('main h1').boundingBox())?.y).toBeGreaterThanOrEqual(0);
    await shots('open-policy-highlight');
  });

  it('Custom on a tool its risk rule denies starts as deny with that reason, and the effective decision stays shown', async () => {
    await go('#/policy/demo-odoo');
    const row = page.locator('[data-tool-rule]').filter({ hasText: 'the rule for destructive tools applies (denied)' }).first();
    const name = await row.getAttribute('data-tool-rule');
    await row.getByRole('radio', { name: 'Custom', exact: true }).click();
    const custom = page.locator(`[data-tool-rule="${name}"]`);
    expect(await custom.getByRole('combobox', { name: 'Action' }).inputValue()).toBe('deny');
    expect(await custom.getByRole('textbox', { name: 'Reason' }).inputValue()).toBe('Destructive tools are switched off in the demo');
    expect(await custom.getByRole('spinbutton', { name: 'Maximum' }).count()).toBe(0);
    expect(await custom.getByTestId('effective-decision').textContent()).toContain(`Denied by tools.${name}`);
    expect(await custom.getByRole('radio', { name: 'Custom', exact: true }).getAttribute('aria-checked')).toBe('true');
    await shots('custom-from-effective');
    await page.getByRole('button', { name: 'Revert' }).click();
  });

  it('"Allow calls like this one" from the denied call drafts exact conditions and goes through the review', async () => {
    await go('#/calls');
    const detail = page.getByRole('complementary', { name: 'Call details' });
    if (!(await detail.count())) await page.locator('[role=row][data-call-id]').first().click();
    await shots('call-detail-actions');
    await detail.getByRole('button', { name: 'Allow calls like this one' }).click();
    const list = review().getByRole('list', { name: 'Changes in words' });
    await list.waitFor();
    const first = list.locator('li').first();
    expect(await first.getAttribute('data-effect')).toBe('loosens');
    expect(await first.textContent()).toContain('odoo_unlink: denied → allowed, only if args.model = "res.partner" and args.ids = [7] (otherwise denied)');
    await shots('review-from-call');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await activePolicy()).tools.odoo_unlink).toEqual({ action: 'deny', reason: UNLINK_REASON });
  });

  it('the builder review lists the change in words, and the reason survives Allow → save → Deny → save', async () => {
    await go('#/policy/demo-odoo');
    const rule = page.locator('[data-tool-rule="odoo_unlink"]');
    await rule.getByRole('radio', { name: 'Allow', exact: true }).click();
    await shots('policy-editor-dirty');
    await page.getByRole('button', { name: 'Review and save' }).click();
    const first = review().getByRole('list', { name: 'Changes in words' }).locator('li').first();
    expect(await first.getAttribute('data-effect')).toBe('loosens');
    expect(await first.textContent()).toContain('odoo_unlink: denied → allowed');
    await review().locator('.cm-mergeView').waitFor();
    await shots('review-dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Save and apply' }).click();
    await expect.poll(async () => (await activePolicy()).tools.odoo_unlink).toEqual({ reason: UNLINK_REASON });
    // The file can be saved before the window has the save's answer: go on only once it has (the review closes),
    // or the next edit lands on a draft the answer then replaces, and leaving asks about unsaved changes.
    await review().waitFor({ state: 'hidden' });

    await rule.getByRole('radio', { name: 'Deny', exact: true }).click();
    await page.getByRole('button', { name: 'Review and save' }).click();
    const line = review().getByRole('list', { name: 'Changes in words' }).locator('li').first();
    expect(await line.getAttribute('data-effect')).toBe('tightens');
    expect(await line.textContent()).toContain('odoo_unlink: allowed → denied');
    await page.getByRole('dialog').getByRole('button', { name: 'Save and apply' }).click();
    await expect.poll(async () => (await activePolicy()).tools.odoo_unlink).toEqual({ action: 'deny', reason: UNLINK_REASON });
    await review().waitFor({ state: 'hidden' });
  });

  it('a Catalog quick action opens the review and saves nothing until Save', async () => {
    await go('#/catalog/demo-odoo');
    await page.locator('tr[data-tool="odoo_unlink"]').click();
    const detail = page.getByRole('complementary', { name: 'Tool details' });
    await detail.getByRole('button', { name: 'Allow', exact: true }).click();
    const first = review().getByRole('list', { name: 'Changes in words' }).locator('li').first();
    expect(await first.textContent()).toContain('odoo_unlink: denied → allowed');
    expect(await first.getAttribute('data-effect')).toBe('loosens');
    await shots('catalog-quick-action-review');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await activePolicy()).tools.odoo_unlink).toEqual({ action: 'deny', reason: UNLINK_REASON });

    await detail.getByRole('button', { name: 'Require approval' }).click();
    await review().getByRole('list', { name: 'Changes in words' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Save and apply' }).click();
    await expect.poll(async () => (await activePolicy()).tools.odoo_unlink).toEqual({ action: 'approve', reason: UNLINK_REASON });
    await review().waitFor({ state: 'hidden' });
    await shots('catalog-quick-actions');
  });

  it('leaving the editor with a dirty draft asks first; Stay keeps it, and coming back finds it', async () => {
    await go('#/policy/demo-odoo');
    await page.locator('[data-tool-rule="odoo_unlink"]').getByRole('radio', { name: 'Deny', exact: true }).click();
    await page.getByText('Unsaved changes', { exact: true }).waitFor();

    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /Calls/ }).click();
    const ask = page.getByRole('dialog', { name: /Unsaved changes to the policy of demo-odoo/ });
    await ask.waitFor();
    expect(await page.evaluate('window.location.hash')).toBe('#/policy/demo-odoo');
    await shots('leave-guard');
    await ask.getByRole('button', { name: 'Stay' }).click();
    await page.getByText('Unsaved changes', { exact: true }).waitFor();
    expect(await page.locator('[data-tool-rule="odoo_unlink"]').getByRole('radio', { name: 'Deny', exact: true }).getAttribute('aria-checked')).toBe('true');

    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /Calls/ }).click();
    await ask.getByRole('button', { name: 'Leave, keep the draft' }).click();
    await page.getByRole('heading', { name: 'Calls', level: 1 }).waitFor();
    // Back to Policy without a server in the address: the same server, the same draft.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /Policy/ }).click();
    await page.getByText('Unsaved changes', { exact: true }).waitFor();
    expect(await page.locator('[data-tool-rule="odoo_unlink"]').getByRole('radio', { name: 'Deny', exact: true }).getAttribute('aria-checked')).toBe('true');
    await page.getByRole('button', { name: 'Revert' }).click();
  });

  it('from an approval card: Open policy lands on the rule that asked, and "Allow calls like this one" goes through the review', async () => {
    const held = agent.callTool({ name: 'odoo_create', arguments: { model: 'res.partner', values: { name: 'Ada Lovelace' } } }, undefined, { timeout: 300_000 }).catch(() => undefined);
    await go('#/approvals');
    const card = page.getByRole('article', { name: 'Approval request for odoo_create' });
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: /Open policy/ }).click();
    await page.locator('[data-tool-rule="odoo_create"][data-focused]').waitFor();
    expect(await page.evaluate(`document.activeElement?.getAttribute('data-tool-rule')`)).toBe('odoo_create');

    await go('#/approvals');
    await card.getByRole('button', { name: 'Allow calls like this one' }).click();
    const first = review().getByRole('list', { name: 'Changes in words' }).locator('li').first();
    expect(await first.getAttribute('data-effect')).toBe('loosens');
    expect(await first.textContent()).toContain('odoo_create: asks for approval (times out after 50 s)');
    expect(await first.textContent()).toContain('→ allowed, only if args.model = "res.partner" and args.values.name = "Ada Lovelace" (otherwise denied), arguments checked against its schema');
    await shots('review-from-approval');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await activePolicy()).tools.odoo_create).toMatchObject({ action: 'approve' });

    await card.getByRole('button', { name: /Deny/ }).click();
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    await held;
    expect(pageErrors).toEqual([]);
  });
});
