// Secrets an upstream prints, or that sit in a server's command line or URL, never reach a
// client, the Api or `portcullis server list` unmasked.
import { createServer } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { FAULTY_ENTRY, faultyStdio } from '../helpers/faulty.js';
import { waitFor } from '../helpers/wait-for.js';
import { connectHttpClient } from '../helpers/sdk-client.js';
import { runCli } from '../helpers/cli.js';
import type { ServerView } from '../../shared/api.js';

const GITHUB_TOKEN = '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';
const DB_PASSWORD = 'PgPassw0rd';
const API_KEY = 'live_7f3a9c2e1b';
const LEAKY_STDERR = `auth failed for token ${GITHUB_TOKEN}\nconnecting to postgresql://app:${DB_PASSWORD}@db.example.com:5432/app`;
const SECRETS = [GITHUB_TOKEN, DB_PASSWORD, API_KEY];
const ALLOW_ALL = { version: '1', default: 'allow' };

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

function expectMasked(text: string, what: string): void {
  for (const secret of SECRETS) expect(text, `${what} shows ${secret}`).not.toContain(secret);
}

/** The Api over HTTP, as the UI and the CLI call it. */
async function apiListServers(running: TestApp): Promise<ServerView[]> {
  const response = await fetch(`${running.app.gateway.url}/api/listServers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${running.host.auth.token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(200);
  return (await response.json()) as ServerView[];
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('an upstream that prints secrets to stderr and crashes', () => {
  test("the client's error, the Api's server status and `server list --json` show them masked", async () => {
    app = await startTestApp({ servers: { leaky: faultyStdio({ FAULTY_STDERR: LEAKY_STDERR }) }, policies: { leaky: ALLOW_ALL }, superviseUpstreams: true });
    const token = await app.grant('agent');
    await waitFor(() => app!.app.gateway.status('leaky')?.state === 'ready', { what: 'the server to be ready' });

    const client = await connectHttpClient(app.endpoint('leaky'), { Authorization: `Bearer ${token}` });
    const error = await client.callTool({ name: 'crash', arguments: {} }).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/exited unexpectedly/);
    expect(error?.message).toMatch(/token \*\*\*/);
    expect(error?.message).toMatch(/postgresql:\/\/app:\*\*\*@db\.example\.com/);
    expectMasked(error!.message, "the client's error");
    await client.close();

    const [view] = await apiListServers(app);
    expect(view!.status.stderrTail.join('\n')).toMatch(/postgresql:\/\/app:\*\*\*@/);
    expectMasked(JSON.stringify(view), '/api listServers');

    const listed = await runCli(['server', 'list', '--json'], { dataDir: app.dataDir });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/stderrTail/);
    expectMasked(listed.stdout, '`server list --json`');
  });
});

describe('a server whose command line or URL holds secrets', () => {
  test('the 502 on initialize, the Api and `server list` (text and --json) mask them', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/mcp?api_key=${API_KEY}&region=eu`;
    const stdio = { ...faultyStdio({ FAULTY_MODE: 'exit-at-start' }), args: [FAULTY_ENTRY, '--db', `postgresql://app:${DB_PASSWORD}@db.example.com/app`] };
    app = await startTestApp({ servers: { db: stdio, remote: { transport: 'http', url, headers: {} } }, policies: { db: ALLOW_ALL, remote: ALLOW_ALL } });
    const token = await app.grant('agent');

    const dbError = await connectHttpClient(app.endpoint('db'), { Authorization: `Bearer ${token}` }).then(() => undefined, (e: Error) => e);
    expect(dbError?.message).toMatch(/unavailable/);
    expect(dbError?.message).toMatch(/postgresql:\/\/app:\*\*\*@db\.example\.com/);
    expectMasked(dbError!.message, 'the stdio 502');

    const remoteError = await connectHttpClient(app.endpoint('remote'), { Authorization: `Bearer ${token}` }).then(() => undefined, (e: Error) => e);
    expect(remoteError?.message).toMatch(/unavailable/);
    expect(remoteError?.message).toMatch(/api_key=\*\*\*&region=eu/);
    expectMasked(remoteError!.message, 'the HTTP 502');

    const views = await apiListServers(app);
    expect(views.find((v) => v.config.id === 'remote')?.config.upstream).toMatchObject({ url: `http://127.0.0.1:${port}/mcp?api_key=***&region=eu` });
    expectMasked(JSON.stringify(views), '/api listServers');

    const table = await runCli(['server', 'list'], { dataDir: app.dataDir });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/postgresql:\/\/app:\*\*\*@db\.example\.com/);
    expect(table.stdout).toMatch(/api_key=\*\*\*/);
    expectMasked(table.stdout, '`server list`');
    const json = await runCli(['server', 'list', '--json'], { dataDir: app.dataDir });
    expectMasked(json.stdout, '`server list --json`');
  });

  test('editing a server through the Api keeps the real command line and URL behind the masks', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/mcp?api_key=${API_KEY}`;
    const stdio = { ...faultyStdio(), args: [FAULTY_ENTRY, `postgresql://app:${DB_PASSWORD}@db.example.com/app`] };
    app = await startTestApp({ servers: { db: stdio, remote: { transport: 'http', url, headers: {} } } });
    const [db, remote] = [await app.api.listServers({}).then((v) => v.find((s) => s.config.id === 'db')!), await app.api.listServers({}).then((v) => v.find((s) => s.config.id === 'remote')!)];
    // The UI sends back what it was shown, with one change of its own.
    await app.api.updateServer({ id: 'db', upstream: db.config.upstream, callTimeoutSeconds: 30 });
    await app.api.updateServer({ id: 'remote', upstream: remote.config.upstream });
    expect(app.app.gateway.config.server('db')!.upstream).toMatchObject({ args: [FAULTY_ENTRY, `postgresql://app:${DB_PASSWORD}@db.example.com/app`] });
    expect(app.app.gateway.config.server('remote')!.upstream).toMatchObject({ url });
  });
});
