// The packaged tray app is its own stdio bridge: a client spawns `<app> connect <server>` (what
// Clients → Connect writes when the app has no bin/portcullis.js, see bridge-launcher.ts), and
// reaches the server through the running gateway under its policy. Run on the bundle that
// electron-builder packs (dist/electron/main.cjs), with `electron` stubbed (no binary here).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { everythingStdio } from '../helpers/gateway.js';
import { connectStdio } from '../helpers/mcp-client.js';
import { textOf } from '../helpers/sdk-client.js';

const MAIN_BUNDLE = path.resolve('dist/electron/main.cjs');
const ELECTRON_STUB = pathToFileURL(path.resolve('tests/fixtures/electron-stub.mjs')).href;

let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startTestApp({
    servers: { everything: everythingStdio() },
    policies: { everything: { version: '1', default: 'allow', tools: { 'get-env': { action: 'deny', reason: 'no environment for clients' } } } },
  });
  token = await app.grant('claude-desktop');
});
afterAll(() => app?.stop());

it('a client reaches its server through the bundled app launched as `connect <server>`, under the policy', async () => {
  const client = new Client({ name: 'claude-desktop-like', version: '1.0.0' });
  await connectStdio(client, {
    command: process.execPath,
    args: ['--import', ELECTRON_STUB, MAIN_BUNDLE, 'connect', 'everything', '--url', app.app.gateway.url],
    env: { PORTCULLIS_TOKEN: token },
    stderr: 'pipe',
  });
  try {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('echo');
    expect(textOf(await client.callTool({ name: 'echo', arguments: { message: 'through the tray app' } }))).toMatch(/through the tray app/);
    const denied = await client.callTool({ name: 'get-env', arguments: {} });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toMatch(/Portcullis denied 'get-env'.*no environment for clients/s);
  } finally {
    await client.close();
  }
});
