// `/mcp`: every server behind one endpoint, names namespaced and collision-free, each
// server's own policy still deciding its calls.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { everythingStdio } from '../helpers/gateway.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import type { UpstreamConfig } from '../../shared/config.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MEMORY = path.resolve('node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const MUTABLE = path.resolve('tests/fixtures/servers/mutable-server.mjs');

let app: TestApp;
let tmp: string;
beforeAll(async () => {
  tmp = makeTempDir('portcullis-aggregate-');
  const mutable = async (file: string, tools: unknown[]): Promise<UpstreamConfig> => {
    await writeFile(path.join(tmp, file), JSON.stringify(tools));
    return { transport: 'stdio', command: process.execPath, args: [MUTABLE], env: { TOOLS_FILE: path.join(tmp, file) } };
  };
  app = await startTestApp({
    servers: {
      everything: everythingStdio(),
      memory: { transport: 'stdio', command: process.execPath, args: [MEMORY], env: { MEMORY_FILE_PATH: path.join(tmp, 'memory.jsonl') } },
      a: await mutable('a.json', [{ name: 'b__c', description: 'one', inputSchema: { type: 'object' } }]),
      a__b: await mutable('ab.json', [{ name: 'c', description: 'two', inputSchema: { type: 'object' } }]),
    },
    policies: {
      everything: { version: '1', default: 'allow', tools: { 'get-env': { action: 'deny', reason: 'no env dumps' } } },
      memory: { version: '1', default: 'deny', tools: { 'read_graph': {}, 'create_entities': {} } },
      a: { version: '1', default: 'allow' },
      a__b: { version: '1', default: 'allow' },
    },
  });
});
afterAll(async () => {
  await app?.stop();
  await rm(tmp, { recursive: true, force: true });
});

test('one endpoint lists every server’s tools, namespaced, valid and collision-free, filtered by each policy', async () => {
  const client = await connectHttpClient(`${app.app.gateway.url}/mcp`, { Authorization: `Bearer ${await app.grant('agent')}` });
  expect(client.getServerVersion()?.name).toBe('portcullis');
  const names = (await client.listTools()).tools.map((t) => t.name);
  expect(names).toContain('everything__echo');
  expect(names).toContain('memory__read_graph');
  expect(names).toContain('memory__create_entities');
  expect(names).not.toContain('memory__delete_entities'); // default deny hides it
  // Under default allow, a denied tool stays listed (hiding applies under default deny); its calls are refused.
  expect(names).toContain('everything__get-env');
  for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  expect(new Set(names).size).toBe(names.length);
  const collided = names.filter((n) => n.startsWith('a__b__c'));
  expect(collided).toHaveLength(2);

  // Calls reach the right server, under that server's policy.
  expect(textOf(await client.callTool({ name: 'everything__echo', arguments: { message: 'hi' } }))).toBe('Echo: hi');
  await client.callTool({ name: 'memory__create_entities', arguments: { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote programs'] }] } });
  expect(textOf(await client.callTool({ name: 'memory__read_graph', arguments: {} }))).toMatch(/Ada/);
  const denied = await client.callTool({ name: 'memory__delete_entities', arguments: { entityNames: ['Ada'] } });
  expect(denied.isError).toBe(true);
  const envDenied = await client.callTool({ name: 'everything__get-env', arguments: {} });
  expect(textOf(envDenied)).toMatch(/no env dumps/);
  const outputs = await Promise.all(collided.map(async (name) => textOf(await client.callTool({ name, arguments: {} }))));
  expect(outputs.sort()).toEqual(['ok: b__c', 'ok: c']);

  // The call log records the real server and tool.
  const record = (await app.api.queryCalls({ server: 'memory', tool: 'read_graph', limit: 1 })).records[0];
  expect(record).toMatchObject({ server: 'memory', tool: 'read_graph', decision: 'allow' });
  await client.close();
});

test('prompts are namespaced and resources route to their server', async () => {
  const client = await connectHttpClient(`${app.app.gateway.url}/mcp`, { Authorization: `Bearer ${await app.grant('agent2')}` });
  const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
  expect(prompts).toContain('everything__simple-prompt');
  const prompt = await client.getPrompt({ name: 'everything__simple-prompt' });
  expect(prompt.messages.length).toBeGreaterThan(0);
  const resources = (await client.listResources()).resources;
  expect(resources.length).toBeGreaterThan(0);
  const read = await client.readResource({ uri: resources[0]!.uri });
  expect(read.contents.length).toBeGreaterThan(0);
  await client.close();
});
