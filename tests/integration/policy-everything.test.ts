// The policy with server-everything upstream: a denied tool never runs upstream (proved by its
// side effect: gzip-file-as-resource adds a session resource), and hidden tools are not listed.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { everythingStdio } from '../helpers/gateway.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';

const DATA_URI = `data:text/plain;base64,${Buffer.from('hello').toString('base64')}`;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    servers: { everything: everythingStdio() },
    policies: {
      everything: {
        version: '1',
        default: 'allow',
        hide: ['get-env'],
        tools: { 'gzip-file-as-resource': { deny_if: [{ path: 'args.name', op: 'eq', value: 'blocked.gz' }], reason: 'not this one' } },
      },
    },
  });
});
afterAll(async () => {
  await app?.stop();
});

test('a denied call never reaches server-everything: its side effect does not happen', async () => {
  const client = await connectHttpClient(app.endpoint('everything'), { Authorization: `Bearer ${await app.grant('agent')}` });
  const resources = async () => (await client.listResources()).resources.map((r) => r.name);

  const denied = await client.callTool({ name: 'gzip-file-as-resource', arguments: { name: 'blocked.gz', data: DATA_URI, outputType: 'resource' } });
  expect(denied.isError).toBe(true);
  expect(textOf(denied)).toMatch(/not this one/);
  expect(await resources()).not.toContain('blocked.gz');

  const allowed = await client.callTool({ name: 'gzip-file-as-resource', arguments: { name: 'allowed.gz', data: DATA_URI, outputType: 'resource' } });
  expect(allowed.isError).toBeFalsy();
  expect(await resources()).toContain('allowed.gz');
  await client.close();
});

test('hidden tools are absent from tools/list and refused at call time', async () => {
  const client = await connectHttpClient(app.endpoint('everything'), { Authorization: `Bearer ${await app.grant('agent2')}` });
  const names = (await client.listTools()).tools.map((t) => t.name);
  expect(names).toContain('echo');
  expect(names).not.toContain('get-env');
  expect(textOf(await client.callTool({ name: 'get-env', arguments: {} }))).toMatch(/not available/);
  await client.close();
});
