// The renderer against the real headless host: `portcullis serve` with a real upstream
// (server-everything over stdio, plus a fixture server whose tools change on demand), a
// real MCP SDK client calling through /mcp/<server> with a grant token, and the built UI
// in headless Chromium. Screenshots of every view, light and dark, go to
// test-results/screenshots/<view>-<theme>.png.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERYTHING_ENTRY } from '../helpers/everything.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { HAS_CHROMIUM, SKIP_REASON, openSignedInPage, screenshotBothThemes } from './helpers/browser.js';
import { cli, startHost, type RunningHost } from './helpers/host.js';
import { ensureRendererBuilt } from './helpers/renderer-build.js';
import { waitFor } from '../helpers/wait-for.js';
import { tearDown } from './helpers/teardown.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MUTABLE_SERVER = path.resolve('tests/fixtures/servers/mutable-server.mjs');

const EVERYTHING_POLICY = {
  version: '1',
  default: 'deny',
  tools: {
    echo: {},
    'get-sum': {},
    'get-env': { action: 'deny', reason: 'The environment is private' },
    'get-tiny-image': { action: 'approve', approval: { timeout_s: 90 } },
  },
};

const MUTABLE_TOOLS = [
  { name: 'lookup_record', description: 'Looks up one record by its id.', inputSchema: { type: 'object', properties: { id: { type: 'number' } } } },
  { name: 'delete_record', description: 'Deletes a record permanently.', inputSchema: { type: 'object', properties: { id: { type: 'number' } } } },
];

const until = (check: () => Promise<boolean>, what: string): Promise<void> => waitFor(check, { what, interval: 100 });

describe.skipIf(!HAS_CHROMIUM)(`renderer on the real headless host${HAS_CHROMIUM ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let dataDir: string;
  let toolsFile: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let agent: Client;
  let pageErrors: string[];

  const callRow = (tool: string) => page.locator('[role=row][data-call-id]', { has: page.locator('.tool', { hasText: new RegExp(`^${tool}$`) }) });
  const go = async (hash: string) => {
    await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
    await page.locator('main h1').first().waitFor();
  };

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = makeTempDir('portcullis-e2e-');
    await mkdir(path.join(dataDir, 'policies'), { recursive: true });
    await writeFile(path.join(dataDir, 'policies', 'everything.json'), JSON.stringify(EVERYTHING_POLICY, null, 2) + '\n');
    toolsFile = path.join(dataDir, 'mutable-tools.json');
    await writeFile(toolsFile, JSON.stringify(MUTABLE_TOOLS));
    host = await startHost(dataDir);
    ({ browser, page, pageErrors } = await openSignedInPage(host.loginUrl));
  }, 120_000);

  afterAll(() => tearDown({ clients: [agent], browser, host, dirs: [dataDir] }));

  it('first run teaches: add a server or import from your clients; servers added by the CLI appear live', async () => {
    await page.getByRole('heading', { name: 'Welcome to Portcullis' }).waitFor();
    expect(await page.getByRole('button', { name: 'Import from your clients' }).count()).toBeGreaterThan(0);
    await screenshotBothThemes(page, 'welcome');

    await cli(dataDir, ['server', 'add', 'everything', '--', process.execPath, EVERYTHING_ENTRY, 'stdio']);
    await cli(dataDir, ['server', 'add', 'mutable', '--env', `TOOLS_FILE=${toolsFile}`, '--', process.execPath, MUTABLE_SERVER]);
    const token = (await cli(dataDir, ['grant', 'create', 'agent'])).trim();
    await go('#/servers');
    await page.locator('[data-server=everything]').getByText('Ready').waitFor({ timeout: 30_000 });
    await page.locator('[data-server=mutable]').getByText('Ready').waitFor({ timeout: 30_000 });
    agent = await connectHttpClient(`${host.url}/mcp/everything`, { Authorization: `Bearer ${token}` }, 'e2e-agent');
  }, 90_000);

  it('shows a call live in the log', async () => {
    await go('#/calls');
    await agent.callTool({ name: 'echo', arguments: { message: 'hello from the e2e test' } });
    const row = callRow('echo');
    await row.waitFor();
    // The row appears when the call starts; its verdict follows with the call's end event.
    await row.locator('.decision', { hasText: 'Allowed' }).waitFor();
    expect(await row.locator('.client').textContent()).toBe('agent');
    expect(await row.locator('.server').textContent()).toBe('everything');
  });

  it('shows the rule behind a denied call, and why in words', async () => {
    const result = await agent.callTool({ name: 'get-env', arguments: {} });
    expect(result.isError).toBe(true);
    const row = callRow('get-env');
    await row.waitFor();
    // The row appears when the call starts; its verdict follows with the call's end event.
    await row.locator('.decision', { hasText: 'Denied' }).waitFor();
    await row.click();
    const detail = page.getByRole('complementary', { name: 'Call details' });
    expect(await detail.getByTestId('call-rule').textContent()).toBe('tools.get-env');
    const why = await detail.getByTestId('call-why').textContent();
    expect(why).toContain('Denied by the rule tools.get-env');
    expect(why).toContain('The environment is private');
    // A few more calls so the log and the chart have something to show.
    for (let i = 0; i < 6; i++) await agent.callTool({ name: 'get-sum', arguments: { a: i, b: 2 } });
    await agent.callTool({ name: 'get-structured-content', arguments: { location: 'New York' } }).catch(() => undefined);
    await callRow('get-structured-content').first().waitFor();
    // The per-minute chart catches up from callStats.
    await page.getByText(/^[1-9]\d* calls$/).waitFor({ timeout: 15_000 });
    await screenshotBothThemes(page, 'calls');
  });

  it('approves from the UI a call a real client is waiting on, and the client gets its result', async () => {
    await go('#/calls');
    const pending = agent.callTool({ name: 'get-tiny-image', arguments: {} }, undefined, { timeout: 120_000 });
    // The badge shows from any view.
    const badge = page.getByTestId('approvals-badge');
    await badge.waitFor();
    // The held call is in the live log already, marked as waiting.
    await callRow('get-tiny-image').getByText('Awaiting approval').waitFor();
    expect(await badge.textContent()).toBe('1');
    await page.getByRole('link', { name: /Approvals/ }).click();
    const card = page.getByRole('article', { name: 'Approval request for get-tiny-image' });
    await card.waitFor();
    expect(await card.getByRole('timer').textContent()).toMatch(/\d:\d\d/);
    await screenshotBothThemes(page, 'approvals');
    await card.getByRole('button', { name: /Approve once/ }).click();
    const result = await pending;
    expect(result.isError).toBeFalsy();
    expect((result.content as { type: string }[]).some((c) => c.type === 'image')).toBe(true);
    await card.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'History' }).waitFor();
    expect(await badge.count()).toBe(0);
  }, 60_000);

  it('a policy changed in the visual builder and saved changes the next call', async () => {
    expect(textOf(await agent.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } }))).toContain('5');
    await go('#/policy/everything');
    const rule = page.locator('[data-tool-rule="get-sum"]');
    await rule.getByRole('radio', { name: 'Deny' }).click();
    await rule.getByLabel('Reason').fill('Sums are off today');
    // The dry run tries the draft before it is saved.
    await page.getByLabel('Tool', { exact: true }).fill('get-sum');
    await page.getByLabel('Arguments (JSON)').fill('{"a": 1, "b": 2}');
    await page.getByRole('button', { name: /^Test/ }).click();
    const dryRun = page.getByTestId('dry-run-result');
    await dryRun.getByText('Denied', { exact: true }).waitFor();
    expect(await dryRun.textContent()).toContain('tools.get-sum');
    await screenshotBothThemes(page, 'policy');
    await page.getByRole('button', { name: 'Review and save' }).click();
    const dialog = page.getByRole('dialog', { name: 'Review changes to everything' });
    await dialog.locator('.cm-mergeView').waitFor();
    await screenshotBothThemes(page, 'policy-diff');
    await dialog.getByRole('button', { name: 'Save and apply' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const onDisk = JSON.parse(await readFile(path.join(dataDir, 'policies', 'everything.json'), 'utf8'));
    expect(onDisk.tools['get-sum']).toEqual({ action: 'deny', reason: 'Sums are off today' });
    await until(async () => {
      const result = await agent.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } });
      return result.isError === true && textOf(result).includes('Sums are off today');
    }, 'the new policy to deny get-sum');
  });

  it('an invalid JSON edit shows its error, pinned to its place, and is not saved', async () => {
    const file = path.join(dataDir, 'policies', 'everything.json');
    const before = await readFile(file, 'utf8');
    await go('#/policy/everything');
    await page.getByRole('tab', { name: 'JSON' }).click();
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText('{\n  "version": "1",\n  "default": "deny",\n}\n');
    const issues = page.getByTestId('policy-issues');
    await issues.getByText(/not valid JSON at line 4/).waitFor();
    await page.locator('.cm-lintRange-error').first().waitFor();
    expect(await page.getByRole('button', { name: 'Review and save' }).isDisabled()).toBe(true);
    await page.keyboard.press('Control+S');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await screenshotBothThemes(page, 'policy-json');

    // A valid document with a bad value: the error sits next to the field in the builder.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText('{\n  "version": "1",\n  "default": "maybe"\n}\n');
    await issues.getByText(/expected allow, deny or approve/i).waitFor();
    await page.getByRole('tab', { name: 'Builder' }).click();
    await page.locator('[data-issue-path="default"]').waitFor();
    expect(await page.getByRole('button', { name: 'Review and save' }).isDisabled()).toBe(true);

    expect(await readFile(file, 'utf8')).toBe(before);
    await page.getByRole('button', { name: 'Revert' }).click();
    await page.getByText('Active', { exact: true }).waitFor();
  });

  it('shows catalog risk badges and lets a person review a changed tool', async () => {
    await go('#/catalog/everything');
    const echo = page.locator('tr[data-tool=echo]');
    await echo.waitFor();
    const cls = (await echo.locator('.risk .cls').textContent())?.replace('*', '');
    expect(['read', 'write', 'execute', 'destructive', 'financial']).toContain(cls);
    expect(await page.locator('tr[data-tool] .risk').count()).toBeGreaterThan(5);
    expect(await page.locator('tr[data-tool="get-sum"]').textContent()).toContain('Deny');
    await page.locator('tr[data-tool="get-env"]').click();
    await page.getByRole('complementary', { name: 'Tool details' }).waitFor();
    await screenshotBothThemes(page, 'catalog');

    await go('#/catalog/mutable');
    const lookup = page.locator('tr[data-tool=lookup_record]');
    await lookup.waitFor();
    const deleteRow = page.locator('tr[data-tool=delete_record]');
    expect(await deleteRow.locator('.risk .cls').textContent()).toBe('destructive');
    // The server changes a tool behind the person's back and adds one.
    const changed = [
      { ...MUTABLE_TOOLS[0], description: 'Looks up one record by its id. Also emails it to the admin.' },
      MUTABLE_TOOLS[1],
      { name: 'export_all', description: 'Exports every record.', inputSchema: { type: 'object' } },
    ];
    await writeFile(toolsFile, JSON.stringify(changed));
    await lookup.getByText('Changed').waitFor({ timeout: 20_000 });
    await page.locator('tr[data-tool=export_all]').getByText('New').waitFor();
    await lookup.click();
    const detail = page.getByRole('complementary', { name: 'Tool details' });
    const diff = detail.getByLabel('Definition changes');
    await diff.locator('.op-added', { hasText: 'emails it to the admin' }).waitFor();
    await diff.locator('.op-removed', { hasText: 'Looks up one record by its id.' }).waitFor();
    await screenshotBothThemes(page, 'catalog-review');
    await detail.getByRole('button', { name: 'Accept this definition' }).click();
    await lookup.getByText('Changed').waitFor({ state: 'detached' });
    // A quick action writes the server's policy, once its review (the change in words) is saved.
    await detail.getByRole('group', { name: 'Policy for lookup_record' }).getByRole('button', { name: 'Allow' }).click();
    const review = page.getByRole('dialog', { name: /Allow lookup_record/ });
    await review.getByText(/lookup_record: .* → allowed/).waitFor();
    await review.getByRole('button', { name: 'Save and apply' }).click();
    await lookup.getByText('tools.lookup_record').waitFor();
    const policy = JSON.parse(await readFile(path.join(dataDir, 'policies', 'mutable.json'), 'utf8'));
    expect(policy.tools.lookup_record).toEqual({});

    // "Recommend a policy" fills the draft from the catalog; nothing is saved until reviewed.
    await go('#/policy/mutable');
    await page.getByText('Active', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Recommend a policy' }).click();
    await page.getByText('Unsaved changes').waitFor();
    await page.locator('[data-tool-rule=delete_record]').waitFor();
    expect(JSON.parse(await readFile(path.join(dataDir, 'policies', 'mutable.json'), 'utf8'))).toEqual(policy);
    await page.getByRole('button', { name: 'Revert' }).click();
    await page.getByText('Active', { exact: true }).waitFor();
  }, 60_000);

  it('creating a client shows its token once, with ready-to-paste config', async () => {
    await go('#/clients');
    await page.getByRole('button', { name: 'New client' }).click();
    await page.getByLabel('Name').fill('Cursor e2e');
    await page.getByRole('button', { name: 'Create token' }).click();
    const tokenEl = page.getByTestId('new-token');
    await tokenEl.waitFor();
    const token = (await tokenEl.textContent())!.trim();
    expect(token.length).toBeGreaterThan(20);
    await page.getByRole('tab', { name: 'Cursor' }).click();
    const snippet = await page.getByRole('tabpanel', { name: 'Cursor' }).locator('pre').textContent();
    expect(JSON.parse(snippet!).mcpServers.everything).toEqual({ url: `${host.url}/mcp/everything`, headers: { Authorization: `Bearer ${token}` } });
    await page.getByRole('tab', { name: 'portcullis connect' }).click();
    await screenshotBothThemes(page, 'client-token');
    // The token works for a real client.
    const cursor = await connectHttpClient(`${host.url}/mcp/everything`, { Authorization: `Bearer ${token}` }, 'cursor-e2e');
    expect((await cursor.callTool({ name: 'echo', arguments: { message: 'hi' } })).isError).toBeFalsy();
    await cursor.close();

    await page.getByRole('button', { name: 'Done, I copied it' }).click();
    await page.locator('tr[data-grant="Cursor e2e"]').waitFor();
    expect(await page.getByText(token).count()).toBe(0);
    await page.reload();
    await page.locator('tr[data-grant="Cursor e2e"]').waitFor();
    expect(await page.content()).not.toContain(token);
    await screenshotBothThemes(page, 'clients');
  });

  it('adds a server from the form, with a masked secret', async () => {
    await go('#/servers');
    await page.getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('dialog', { name: 'Add a server' });
    await form.getByLabel('Id').fill('second');
    await form.getByLabel('Command line').fill(`"${process.execPath}" "${EVERYTHING_ENTRY}" stdio`);
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await form.getByLabel('Environment name 1').fill('API_KEY');
    await form.getByLabel('Environment value 1').fill('s3cret-value');
    expect(await form.getByLabel('Environment value 1').getAttribute('type')).toBe('password');
    await form.getByRole('button', { name: 'Add server' }).click();
    await form.waitFor({ state: 'hidden' });
    // Adding a server offers its recommended policy for review; leaving it keeps it denying everything.
    const review = page.getByRole('dialog', { name: 'Review second’s policy' });
    await review.getByRole('button', { name: /^Not now/ }).click();
    await review.waitFor({ state: 'hidden' });
    const card = page.locator('[data-server=second]');
    await card.getByText('Ready').waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('API_KEY=•••');
    expect(await page.content()).not.toContain('s3cret-value');
  }, 60_000);

  it('shows servers and settings, and saves a setting', async () => {
    await go('#/servers');
    await page.locator('[data-server=everything]').waitFor();
    await screenshotBothThemes(page, 'servers');
    await page.locator('[data-server=everything]').getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog', { name: 'Edit everything' }).waitFor();
    await screenshotBothThemes(page, 'server-edit');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await go('#/settings');
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await screenshotBothThemes(page, 'settings');
    await page.getByLabel('Keep call logs for (days)').fill('14');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    await page.reload();
    await go('#/settings');
    expect(await page.getByLabel('Keep call logs for (days)').inputValue()).toBe('14');
    // The shortcuts overlay, from the keyboard.
    await page.locator('main h1').click();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshotBothThemes(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'hidden' });
    await page.keyboard.press('1');
    await page.getByRole('heading', { name: 'Calls', exact: true }).waitFor();
  });

  it('ran without page errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
