// Truthful status, end to end: real `portcullis serve`, real headless Chromium, a real MCP
// server (the mutable fixture: its tool definitions live in a file) and the SDK's client.
// - a limit refuses a call: it shows as Rate-limited (not Denied), with its own filter, and the
//   detail names the counter that ran out; `portcullis calls --decision rate-limited` agrees;
// - the Calls header counts the calls matching the filter (from the Api, not the loaded rows);
// - a tool definition changes between listings: the sidebar's Catalog badge and a marker on
//   the call made with it;
// - the gateway is killed: the window says so and its actions are off; it restarts on the same
//   data directory (a new admin token): the page offers to sign in again, and a fresh link from
//   `portcullis ui` signs it in without another restart.
// Screenshots of each state at 880×560 and 1280×800, light and dark: /work/shots/status/ (or
// PORTCULLIS_SHOTS).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../shared/calls.js';
import { connectHttpClient } from '../helpers/sdk-client.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { HAS_CHROMIUM, SKIP_REASON, openSignedInPage } from './helpers/browser.js';
import { atEachSizeAndTheme, savePicture, scrollsSideways, WIDE } from './helpers/checks.js';
import { cli, startHost, type RunningHost } from './helpers/host.js';
import { ensureRendererBuilt } from './helpers/renderer-build.js';
import { tearDown } from './helpers/teardown.js';

const MUTABLE_ENTRY = path.resolve('tests/fixtures/servers/mutable-server.mjs');
const SHOTS = process.env.PORTCULLIS_SHOTS ?? '/work/shots/status';

const lookup = (description: string) => ({ name: 'lookup', description, inputSchema: { type: 'object', properties: { word: { type: 'string' } } }, annotations: { readOnlyHint: true } });
const search = { name: 'search', description: 'Search the notes.', inputSchema: { type: 'object', properties: { q: { type: 'string' } } }, annotations: { readOnlyHint: true } };

let dataDir: string;
let toolsFile: string;
let host: RunningHost;
let token: string;
let client: Client | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[];

/** Saves the page at both sizes in light and dark (none may scroll sideways), then puts the wide light view back. */
async function shoot(name: string, prepare?: () => Promise<void>): Promise<void> {
  await atEachSizeAndTheme(
    page,
    async ({ size, key }) => {
      expect(await scrollsSideways(page), `${name} at ${size.width}x${size.height} scrolls sideways`).toBe(false);
      await savePicture(page, path.join(SHOTS, `${name}-${key}.png`));
    },
    { prepare, settleMs: 120, restore: WIDE },
  );
}

const callsJson = async (...args: string[]): Promise<CallRecord[]> =>
  (await cli(dataDir, ['calls', '--json', '--limit', '1000', ...args])).split('\n').filter(Boolean).map((line) => JSON.parse(line) as CallRecord);

const setFilter = async (label: string, value: string) => page.getByRole('combobox', { name: label, exact: true }).selectOption(value);

describe.skipIf(!HAS_CHROMIUM)('status in the window', () => {
  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = makeTempDir('portcullis-e2e-status-');
    toolsFile = path.join(dataDir, 'mutable-tools.json');
    await writeFile(toolsFile, JSON.stringify([lookup('Look up a word.'), search]));
    await cli(dataDir, ['server', 'add', 'notes', '--env', `TOOLS_FILE=${toolsFile}`, '--', process.execPath, MUTABLE_ENTRY]);
    token = (await cli(dataDir, ['grant', 'create', 'agent'])).trim();
    const policy = path.join(dataDir, 'policy.json');
    await writeFile(policy, JSON.stringify({ version: '1', default: 'allow', tools: { search: { limits: [{ counter: 'searches', window: 'hour', max: 2, scope: 'grant' }] } } }));
    await cli(dataDir, ['policy', 'set', 'notes', policy]);
    host = await startHost(dataDir);
    ({ browser, page, pageErrors } = await openSignedInPage(host.loginUrl, WIDE));
    client = await connectHttpClient(`${host.url}/mcp/notes`, { Authorization: `Bearer ${token}` });
  }, 120_000);

  afterAll(async () => {
    // Its gateway was restarted under it: do not wait on a session that no longer exists.
    await Promise.race([client?.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await tearDown({ browser, host, dirs: [dataDir] });
  });

  it('shows a call a limit refused as Rate-limited, with its own filter, the counter that ran out, and counts that match the filter', async () => {
    for (let i = 0; i < 3; i++) await client!.callTool({ name: 'search', arguments: { q: `q${i}` } });
    await client!.callTool({ name: 'lookup', arguments: { word: 'gate' } });
    // The command line sees the same verdict.
    const limited = await callsJson('--decision', 'rate-limited');
    expect(limited.map((r) => [r.tool, r.decision, r.rateLimit?.counter, r.rateLimit?.max])).toEqual([['search', 'rate-limit', 'searches', 2]]);
    expect((await callsJson('--decision', 'denied')).length).toBe(0);

    await page.evaluate(`window.location.hash = '#/calls'`);
    const count = page.getByTestId('calls-count');
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toMatch(/^\s*4 calls\s*$/);
    const row = page.locator('[role=row][data-call-id]', { hasText: 'Rate-limited' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.locator('[role=row][data-call-id]', { hasText: 'Denied' }).count()).toBe(0);

    await setFilter('Decision', 'rate-limited');
    await expect.poll(() => count.textContent()).toMatch(/^\s*1 call match\s*$/);
    await expect.poll(() => page.locator('[role=row][data-call-id]').count()).toBe(1);
    await expect.poll(() => page.getByTestId('chart-legend').textContent()).toMatch(/1 call\b.*0 denied.*1 rate-limited/);

    await row.click();
    const detail = page.getByTestId('call-rate-limit');
    await detail.waitFor();
    expect(await detail.textContent()).toMatch(/tools\.search\.limits\[0\].*searches.*per grant.*2 per 1 h.*2 of 2.*1 h after the call/);
    expect(await page.getByTestId('call-why').textContent()).toMatch(/^Rate-limited by the rule tools\.search/);
    // The rule name wraps at its dots, never inside a word.
    const ruleBox = await page.getByTestId('call-rule').boundingBox();
    expect(ruleBox?.height ?? 0).toBeLessThan(24);
    await shoot('calls-rate-limited');

    await setFilter('Decision', 'allowed');
    await expect.poll(() => count.textContent()).toMatch(/^\s*3 calls match\s*$/);
    await page.keyboard.press('Escape');
    await setFilter('Decision', '');
    await shoot('calls');
  });

  it('surfaces a changed definition: the sidebar badge, a toast, and a marker on the call made with it', async () => {
    const badge = page.getByTestId('catalog-badge');
    expect(await badge.count()).toBe(0);
    await writeFile(toolsFile, JSON.stringify([lookup('Look up a word in the dictionary.'), search]));
    await expect.poll(() => badge.textContent(), { timeout: 15_000 }).toBe('1');
    await expect.poll(() => page.locator('.toast', { hasText: "notes: 'lookup' changed its definition" }).count()).toBe(1);
    // The client's session is told the list changed; its next call is made with the changed definition.
    await expect
      .poll(async () => {
        await client!.callTool({ name: 'lookup', arguments: { word: 'again' } });
        return (await callsJson('--tool', 'lookup'))[0]?.pin;
      }, { timeout: 15_000 })
      .toBe('changed');
    const marked = page.locator('[role=row][data-call-id]', { has: page.getByTestId('pin-marker') });
    await expect.poll(() => marked.count()).toBeGreaterThan(0);
    await marked.first().click();
    await expect.poll(() => page.getByTestId('call-pin').textContent()).toMatch(/definition that changed since it was reviewed/);
    await shoot('calls-changed-definition');
    await page.keyboard.press('Escape');
  });

  it('Settings shows the port the gateway runs on, and every setting', async () => {
    await page.evaluate(`window.location.hash = '#/settings'`);
    await page.getByTestId('settings-url').waitFor();
    expect(await page.getByTestId('settings-url').textContent()).toContain(`${host.url}/mcp/<server>`);
    for (const label of ['Sessions per client', 'Sessions in all', 'Close idle sessions after (minutes)', 'Response buffer per stream (MiB)', 'Largest request body (MiB)', 'Keep call logs for (days)', 'Tool call timeout (seconds)', 'OpenTelemetry collector (OTLP/HTTP)']) {
      const field = page.locator('label.field', { has: page.getByText(label, { exact: true }) });
      expect(await field.locator('input').count(), label).toBe(1);
    }
    await shoot('settings');
    await shoot('settings-limits', () => page.evaluate(`document.getElementById('s-limits').scrollIntoView({ block: 'start' })`));
  });

  it('says when the gateway is gone, turns its actions off, and offers a new sign-in after a restart, without another restart', async () => {
    await page.evaluate(`window.location.hash = '#/servers'`);
    await page.locator('main h1').first().waitFor();
    const port = new URL(host.url).port;
    host.child.kill('SIGKILL');
    await host.stop();
    const down = page.getByTestId('gateway-down');
    await down.waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: /Pause gateway/ }).isDisabled()).toBe(true);
    expect(await page.locator('main fieldset.view-frame').getAttribute('disabled')).not.toBeNull();
    expect(await page.getByRole('button', { name: /Add (a )?server/ }).first().isDisabled()).toBe(true);
    expect(await page.locator('main').textContent()).not.toMatch(/\bReady\b/);
    await shoot('gateway-down');

    // The same data directory and port, a new admin token: the old cookie is void.
    host = await startHost(dataDir, ['--port', port]);
    expect(host.url).toBe(`http://127.0.0.1:${port}`);
    const signedOut = page.getByTestId('signed-out');
    await signedOut.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sign-in-command').textContent()).toContain('portcullis ui --data-dir');
    await shoot('signed-out');

    // `portcullis ui` asks the running gateway for a fresh one-time link; the gateway keeps its pid.
    const pid = host.child.pid;
    const link = /UI: (\S+)/.exec(await cli(dataDir, ['ui']))?.[1];
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/login\\?token=`));
    await page.getByLabel('Login link').fill(link!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('nav[aria-label=Views] [role=status]', { hasText: 'Live' }).waitFor({ timeout: 20_000 });
    expect(await signedOut.count()).toBe(0);
    expect(await page.getByRole('button', { name: /Pause gateway/ }).isDisabled()).toBe(false);
    expect(host.child.pid).toBe(pid);
    expect(host.child.exitCode).toBeNull();
    expect(pageErrors.filter((e) => !/Failed to load resource|net::ERR_|401|EventSource/.test(e))).toEqual([]);
  });
});

if (!HAS_CHROMIUM) console.warn(`status e2e skipped: ${SKIP_REASON}`);
