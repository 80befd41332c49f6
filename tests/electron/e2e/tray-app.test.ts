// End to end, in a real Electron: launch, the window's sandbox and Api, window-less life in
// the tray, and an approval taken from the notification's click path to the agent's answer.
// Runs wherever an Electron binary exists (CI); prints "skipped: no Electron binary" here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortcullisClient } from '../../../shared/api.js';
import { API_METHODS } from '../../../shared/api-schema.js';
import type { E2eHooks } from '../../../electron/main/testing/e2e-hooks.js';
import { connectHttpClient, textOf } from '../../helpers/sdk-client.js';
import { electronBinaryOrSkip } from './electron-binary.js';
import { launchApp, type LaunchedApp } from './launch-app.js';

const binary = electronBinaryOrSkip();

// Callbacks given to evaluate() run in another process (the page, or Electron's main) and
// are sent as source text: they may use only their arguments and globals, typed here.
type Page = typeof globalThis & { portcullis: PortcullisClient; location: { href: string }; open(url: string): unknown };
type Main = typeof globalThis & { portcullisE2e: E2eHooks };

describe.skipIf(!binary)('Portcullis tray app (Electron)', () => {
  let launched: LaunchedApp;

  beforeAll(async () => {
    launched = await launchApp(binary!);
  }, 120_000);
  afterAll(async () => launched?.close());

  it('launches one sandboxed window on the bundled page, with exactly the Api exposed', async () => {
    const { window } = launched;
    expect(window.url()).toMatch(/^file:\/\/.*\/renderer\/dist\/index\.html/);
    expect(await window.evaluate(() => Object.keys((globalThis as Page).portcullis ?? {}).sort())).toEqual([...API_METHODS, 'subscribe'].sort());
    expect(await window.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    const info = await window.evaluate(() => (globalThis as Page).portcullis.getInfo({}));
    expect(info).toMatchObject({ host: 'electron', dataDir: launched.dataDir });
    const refused = await window.evaluate(() => (globalThis as Page).portcullis.setPaused({ paused: 'yes' as never }).catch((e: unknown) => e));
    expect(refused).toMatchObject({ error: { code: 'invalid-input' } });
  });

  it('blocks window.open and navigation away from the app', async () => {
    const { app, window } = launched;
    expect(await window.evaluate(() => (globalThis as Page).open('http://example.com/') === null)).toBe(true);
    await window.evaluate(() => {
      (globalThis as Page).location.href = 'http://example.com/';
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(window.url()).toMatch(/renderer\/dist\/index\.html/);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  it('closing the window keeps the gateway running in the tray; Open Portcullis brings it back', async () => {
    const { app } = launched;
    const url = (await launched.window.evaluate(() => (globalThis as Page).portcullis.getInfo({}))).url;
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(0);
    const response = await fetch(`${url}/mcp/none`, { method: 'POST' });
    expect(response.status).toBe(401); // the gateway still answers (and still wants a grant)
    const items = await app.evaluate(() => (globalThis as Main).portcullisE2e.trayItems());
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining(['status', 'endpoint', 'pause', 'open', 'start-at-login', 'quit']));
    const reopened = app.waitForEvent('window');
    await app.evaluate(() => (globalThis as Main).portcullisE2e.clickTrayItem('open'));
    launched.window = await reopened;
    await launched.window.waitForLoadState('domcontentloaded');
    expect(await launched.window.evaluate(() => typeof (globalThis as Page).portcullis?.getInfo)).toBe('function');
  });

  it('an approval: notification shown, its click opens Approvals, Approve once releases the call', async () => {
    const { app, window } = launched;
    const fixture = path.resolve('tests/fixtures/servers/odoo-fixture-server.mjs');
    await window.evaluate(
      ({ command, fixture }) => (globalThis as Page).portcullis.addServer({ id: 'odoo', upstream: { transport: 'stdio', command, args: [fixture], env: {} } }),
      { command: process.execPath, fixture },
    );
    const policy = { version: '1', default: 'allow', tools: { odoo_connections: { action: 'approve', approval: { timeout_s: 60 } } } };
    const saved = await window.evaluate((text) => (globalThis as Page).portcullis.savePolicy({ serverId: 'odoo', text }), JSON.stringify(policy));
    expect(saved.ok).toBe(true);
    const { token } = await window.evaluate(() => (globalThis as Page).portcullis.createGrant({ name: 'e2e' }));
    const { url } = await window.evaluate(() => (globalThis as Page).portcullis.getInfo({}));

    const client = await connectHttpClient(`${url}/mcp/odoo`, { authorization: `Bearer ${token}` }, 'e2e-agent');
    const call = client.callTool({ name: 'odoo_connections', arguments: {} });
    await expect.poll(() => app.evaluate(() => (globalThis as Main).portcullisE2e.notifications().map((n) => n.title)), { timeout: 20_000 }).toContain('Approve odoo_connections?');
    expect(await app.evaluate(() => (globalThis as Main).portcullisE2e.clickNotification('Approve odoo_connections?'))).toBe(true);
    await expect.poll(() => window.url()).toMatch(/#\/approvals$/);
    await window.getByRole('button', { name: /Approve once/ }).first().click();
    expect(textOf(await call)).toBe('ok: odoo_connections');
    await client.close();
  });

  it('Quit from the tray stops the gateway and exits', async () => {
    const { app, dataDir } = launched;
    const exited = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
    await app.evaluate(() => (globalThis as Main).portcullisE2e.clickTrayItem('quit')).catch(() => undefined);
    await exited;
    expect(existsSync(path.join(dataDir, 'runtime.json'))).toBe(false);
  });
});
