// Onboarding from the window, as a desktop user who never opens a terminal: a fresh
// `portcullis serve` on a free port with a temporary HOME holding a Claude Desktop and a
// Cursor config with real servers; import them, accept the recommended policies, connect
// Cursor, and make a governed call with the URL and token Portcullis wrote into Cursor's
// file. Every click from the welcome screen to that call is counted. Then Claude Desktop's
// entry is checked (this install's CLI by absolute path, the real port) and Cursor is
// disconnected: its file comes back byte for byte.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { EVERYTHING_ENTRY } from '../helpers/everything.js';
import { HAS_CHROMIUM, SKIP_REASON, openSignedInPage, screenshotBothThemes } from './helpers/browser.js';
import { scrollsSideways, seriousAxeViolations } from './helpers/checks.js';
import { startHost, type RunningHost } from './helpers/host.js';
import { ensureRendererBuilt } from './helpers/renderer-build.js';
import { tearDown } from './helpers/teardown.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MEMORY_ENTRY = path.resolve('node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const SHOTS = process.env.PORTCULLIS_SHOTS_DIR;

describe.skipIf(!HAS_CHROMIUM)(`onboarding from the window${HAS_CHROMIUM ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let root: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let clicks = 0;
  const clicked: string[] = [];
  const files = { desktop: '', cursor: '' };

  /** Every click a person makes goes through here, so the count is the real one. */
  const click = async (locator: Locator) => {
    clicks++;
    clicked.push((await locator.textContent())?.trim() ?? '?');
    await locator.click();
  };

  beforeAll(async () => {
    await ensureRendererBuilt();
    root = makeTempDir('portcullis-onboarding-');
    const home = path.join(root, 'home');
    files.desktop = path.join(home, '.config', 'Claude', 'claude_desktop_config.json');
    files.cursor = path.join(home, '.cursor', 'mcp.json');
    await mkdir(path.dirname(files.desktop), { recursive: true });
    await mkdir(path.dirname(files.cursor), { recursive: true });
    await writeFile(files.desktop, `${JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING_ENTRY, 'stdio'] } } }, null, 2)}\n`);
    // Cursor's file allows comments: they must survive connect and disconnect.
    await writeFile(
      files.cursor,
      `{\n  // my servers\n  "mcpServers": {\n    "everything": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(EVERYTHING_ENTRY)}, "stdio"] },\n    "memory": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(MEMORY_ENTRY)}], "env": { "MEMORY_FILE_PATH": ${JSON.stringify(path.join(root, 'memory.jsonl'))} } }\n  }\n}\n`,
    );
    host = await startHost(path.join(root, 'data'), [], { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), CLAUDE_CONFIG_DIR: '' });
    ({ browser, page, pageErrors } = await openSignedInPage(host.loginUrl));
  }, 120_000);

  afterAll(() => tearDown({ browser, host, dirs: [root] }));

  /** At the window's minimum (880×560): no serious axe violation, nothing wider than the window; screenshots when asked. */
  const check = async (name: string) => {
    await page.setViewportSize({ width: 880, height: 560 });
    expect(await scrollsSideways(page), `${name}: horizontal overflow at 880×560`).toBe(false);
    expect(await seriousAxeViolations(page, { wcagOnly: true }), name).toEqual([]);
    if (SHOTS) {
      for (const [w, h] of [[880, 560], [1280, 800]] as const) {
        await page.setViewportSize({ width: w, height: h });
        await screenshotBothThemes(page, `onboard-${name}-${w}`);
      }
    }
    await page.setViewportSize({ width: 1360, height: 840 });
  };
  const shot = check;

  it('import → accept the recommended policies → connect Cursor → a governed call with what was written; disconnect restores the file', async () => {
    const cursorOriginal = await readFile(files.cursor);
    await page.getByRole('heading', { name: 'Welcome to Portcullis' }).waitFor();
    await shot('welcome');

    // Import: the preview lists both clients' servers; the duplicate is recognised.
    await click(page.getByRole('button', { name: 'Import from your clients' }));
    const found = page.getByRole('table', { name: 'Servers found' });
    await found.waitFor();
    await expect.poll(() => found.locator('tr[data-found]').count()).toBe(3);
    await shot('import-preview');
    await click(page.locator('[data-action=import-apply]'));

    // Review: each new server's recommended policy, in words, once its tools are listed.
    for (const id of ['everything', 'memory']) {
      const review = page.locator(`[data-review=${id}]`);
      const accept = review.locator('[data-action=accept-policy]');
      await accept.or(review.getByRole('button', { name: 'Start it and list its tools' })).first().waitFor({ timeout: 60_000 });
      if (!(await accept.isVisible())) await click(review.getByRole('button', { name: 'Start it and list its tools' }));
      await accept.waitFor({ timeout: 60_000 });
      await expect.poll(() => review.locator('.lines li').count()).toBeGreaterThan(1);
      if (id === 'everything') await shot('policy-review');
      await click(accept);
      await review.getByText('policy applied').waitFor();
    }
    await click(page.locator('[data-action=import-done]'));

    // Connect Cursor: the diff first, then apply; the result names the backup.
    const cursorRow = page.locator('tr[data-client=cursor]');
    await click(cursorRow.locator('[data-action=connect]'));
    const dialog = page.getByRole('dialog', { name: 'Connect Cursor' });
    await dialog.locator('pre[aria-label^="Changes to"]').waitFor();
    expect(await dialog.locator('pre').textContent()).not.toMatch(/pcg_/);
    await shot('connect-diff');
    await click(dialog.locator('[data-action=connect-apply]'));
    await dialog.locator('[data-result=connect]').waitFor();
    expect(await dialog.textContent()).toMatch(/backed up at .*backups\/cursor\//);
    await shot('connect-done');

    // The written config: the port the gateway really listens on, and a token that works.
    const written = await readFile(files.cursor, 'utf8');
    expect(written).toContain('// my servers');
    const entry = JSON.parse(written.replace(/^\s*\/\/.*$/m, '')).mcpServers.everything as { url: string; headers: Record<string, string> };
    expect(entry.url).toBe(`${host.url}/mcp/everything`);
    expect(new URL(host.url).port).not.toBe('7337');
    const agent = await connectHttpClient(entry.url, entry.headers, 'cursor');
    try {
      expect((await agent.listTools()).tools.map((t) => t.name)).toContain('echo');
      expect(textOf(await agent.callTool({ name: 'echo', arguments: { message: 'first governed call' } }))).toContain('first governed call');
    } finally {
      await agent.close();
    }
    console.log(`onboarding: ${clicks} clicks from the welcome screen to the first governed call: ${clicked.join(' → ')}`);
    expect(clicks).toBeLessThanOrEqual(8);
    await click(dialog.getByRole('button', { name: 'Done' }));

    // The call is in the log, under Cursor's own grant.
    await page.evaluate(`window.location.hash = '#/calls'`);
    await page.locator('[role=row][data-call-id]', { hasText: 'echo' }).first().waitFor();
    await page.evaluate(`window.location.hash = '#/clients'`);
    await page.locator('tr[data-client=cursor]').waitFor();
    await shot('clients');

    // Claude Desktop (stdio only): this install's CLI by absolute path, with the real port.
    const desktopRow = page.locator('tr[data-client=claude-desktop]');
    await click(desktopRow.locator('[data-action=connect]'));
    const desktopDialog = page.getByRole('dialog', { name: 'Connect Claude Desktop' });
    await click(desktopDialog.locator('[data-action=connect-apply]'));
    await desktopDialog.locator('[data-result=connect]').waitFor();
    await click(desktopDialog.getByRole('button', { name: 'Done' }));
    const bridge = JSON.parse(await readFile(files.desktop, 'utf8')).mcpServers.everything as { command: string; args: string[] };
    expect(bridge.command).toBe(process.execPath);
    expect(bridge.args).toEqual([path.resolve('bin/portcullis.js'), 'connect', 'everything', '--url', host.url]);

    // Disconnect Cursor: nothing else touched the file, so it comes back byte for byte.
    await click(cursorRow.locator('[data-action=disconnect]'));
    const undo = page.getByRole('dialog', { name: 'Disconnect Cursor' });
    await undo.getByText('comes back byte for byte').waitFor();
    await click(undo.locator('[data-action=disconnect-apply]'));
    await undo.locator('[data-result=disconnect]').waitFor();
    expect((await readFile(files.cursor)).equals(cursorOriginal)).toBe(true);
    await click(undo.getByRole('button', { name: 'Done' }));

    // The add flow, as the Servers view opens it from other views' "Add a server".
    await page.evaluate(`window.location.hash = '#/servers/add'`);
    await page.getByRole('dialog', { name: 'Add a server' }).waitFor();
    await shot('add-server');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
