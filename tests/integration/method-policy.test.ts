// Every MCP method has a policy (issue "Nothing passes ungoverned"), through the real gateway
// with real servers from npm: resources, prompts, completion, logging, and the server's own
// sampling and elicitation requests; explicit deny stays listed; the log blames the rule that decided.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { everythingStdio } from '../helpers/gateway.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import type { CallRecord } from '../../shared/calls.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MEMORY = path.resolve('node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const GRAPH = 'memory://knowledge-graph';
const DYNAMIC_TEXT = 'demo://resource/dynamic/text/1';

let app: TestApp;
let tmp: string;
beforeAll(async () => {
  tmp = makeTempDir('portcullis-methods-');
  app = await startTestApp({
    servers: {
      memory: { transport: 'stdio', command: process.execPath, args: [MEMORY], env: { MEMORY_FILE_PATH: path.join(tmp, 'memory.jsonl') } },
      // The attacker's setup: the graph's read tools are denied, its mutations allowed.
      memdefault: { transport: 'stdio', command: process.execPath, args: [MEMORY], env: { MEMORY_FILE_PATH: path.join(tmp, 'memory.jsonl') } },
      memsub: { transport: 'stdio', command: process.execPath, args: [MEMORY], env: { MEMORY_FILE_PATH: path.join(tmp, 'memsub.jsonl') } },
      nopolicy: everythingStdio(),
      strict: everythingStdio(),
      open: everythingStdio(),
      v1: everythingStdio(),
    },
    policies: {
      memory: {
        version: '1',
        default: 'allow',
        tools: { read_graph: { action: 'deny' }, search_nodes: { action: 'deny' }, open_nodes: { action: 'deny' } },
        resources: { rules: { [GRAPH]: { action: 'deny', reason: 'The graph is read through tools only' } } },
      },
      memdefault: { version: '1', default: 'deny', tools: { create_entities: {} } },
      memsub: { version: '1', default: 'allow' },
      // PolicyLayer v1 keys only: these findings reproduce without the new sections.
      v1: {
        version: '1',
        default: 'deny',
        all_tools: { limits: [{ counter: 'all', window: 'hour', max: 2, scope: 'grant' }] },
        tools: {
          'get-sum': { reason: 'Sums are fine', limits: [{ counter: 'sums', window: 'hour', max: 100, scope: 'grant' }] },
          echo: {},
          'get-env': { action: 'deny', reason: 'No environment dumps' },
        },
      },
      strict: {
        version: '1',
        default: 'deny',
        tools: { 'trigger-sampling-request': {}, 'trigger-elicitation-request': {} },
        sampling: { action: 'deny', reason: 'This server may not use your model' },
        elicitation: 'deny',
      },
      open: {
        version: '1',
        default: 'deny',
        tools: { 'trigger-sampling-request': {}, 'trigger-elicitation-request': {} },
        sampling: 'allow',
        elicitation: 'allow',
      },
    },
  });
});
afterAll(async () => {
  await app?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const auth = async (grant: string) => ({ Authorization: `Bearer ${await app.grant(grant)}` });

async function lastRecord(filter: { server: string; tool?: string }): Promise<CallRecord> {
  await app.app.calls.flush();
  const record = (await app.api.queryCalls({ ...filter, limit: 1 })).records[0];
  if (!record) throw new Error(`no call record for ${JSON.stringify(filter)}`);
  return record;
}

describe('resources', () => {
  test("server-memory's knowledge-graph resource, denied by its rule, stays listed and its read and subscribe are refused and logged", async () => {
    const client = await connectHttpClient(app.endpoint('memory'), await auth('agent-memory'));
    await client.callTool({ name: 'create_entities', arguments: { entities: [{ name: 'Secret', entityType: 'thing', observations: ['hidden fact'] }] } });
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain(GRAPH);
    const read = client.readResource({ uri: GRAPH });
    await expect(read).rejects.toThrow(/Portcullis denied resources\/read of 'memory:\/\/knowledge-graph'.*Rule: resources\.rules\["memory:\/\/knowledge-graph"\]\. The graph is read through tools only/);
    await expect(client.subscribeResource({ uri: GRAPH })).rejects.toThrow(/Portcullis denied resources\/subscribe/);
    const record = await lastRecord({ server: 'memory', tool: GRAPH });
    expect(record).toMatchObject({ method: 'resources/subscribe', decision: 'deny', upstream: 'not-called', rule: 'resources.rules["memory://knowledge-graph"]' });
    const reads = (await app.api.queryCalls({ server: 'memory', text: 'resources/read', limit: 5 })).records;
    expect(reads.map((r) => r.method)).toContain('resources/read');
    await client.close();
  });

  test('under default: deny with only a write tool allowed, the graph is neither listed nor readable', async () => {
    const client = await connectHttpClient(app.endpoint('memdefault'), await auth('agent-memdefault'));
    expect((await client.listResources()).resources).toEqual([]);
    await expect(client.readResource({ uri: GRAPH })).rejects.toThrow(/Portcullis denied resources\/read.*no rule allows this resource \(default: deny\)\. Rule: default\./);
    await client.close();
  });

  test('resource updates reach the client only while the session may read the resource', async () => {
    const client = await connectHttpClient(app.endpoint('memsub'), await auth('agent-memsub'));
    const updates: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
    await client.subscribeResource({ uri: GRAPH });
    const mutate = (name: string) => client.callTool({ name: 'create_entities', arguments: { entities: [{ name, entityType: 'thing', observations: [] }] } });
    const policy = (resources: unknown) => app.api.savePolicy({ serverId: 'memsub', text: JSON.stringify({ version: '1', default: 'allow', resources }) });
    // The server sends its update before its result, on the same stream: by the time the call returns, it has arrived.
    await mutate('one');
    expect(updates).toEqual([GRAPH]);
    expect(await policy({ rules: { [GRAPH]: { action: 'deny' } } })).toMatchObject({ ok: true });
    await mutate('two');
    expect(updates).toEqual([GRAPH]); // dropped
    expect(await policy({ default: 'allow' })).toMatchObject({ ok: true });
    await mutate('three');
    expect(updates).toEqual([GRAPH, GRAPH]);
    await client.close();
  });
});

describe('a server with no policy file refuses every method', () => {
  const expectRefused = async (client: Client, prompt: string) => {
    expect((await client.listResources()).resources).toEqual([]);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
    expect((await client.listPrompts()).prompts).toEqual([]);
    const noPolicy = /has no policy file yet, so every request is denied/;
    await expect(client.readResource({ uri: DYNAMIC_TEXT })).rejects.toThrow(noPolicy);
    await expect(client.getPrompt({ name: prompt })).rejects.toThrow(noPolicy);
    await expect(client.complete({ ref: { type: 'ref/prompt', name: prompt }, argument: { name: 'department', value: 'E' } })).rejects.toThrow(noPolicy);
    await expect(client.setLoggingLevel('debug')).rejects.toThrow(noPolicy);
  };

  test('on /mcp/<id>', async () => {
    const client = await connectHttpClient(app.endpoint('nopolicy'), await auth('agent-nopolicy'));
    await expectRefused(client, 'completable-prompt');
    const record = await lastRecord({ server: 'nopolicy' });
    expect(record).toMatchObject({ decision: 'deny', rule: 'default', upstream: 'not-called' });
    expect(['logging/setLevel', 'completion/complete', 'prompts/get', 'resources/read']).toContain(record.method);
    await client.close();
  });

  test('on /mcp, where the namespaced prompt maps back to its server and that server’s policy applies', async () => {
    const client = await connectHttpClient(`${app.app.gateway.url}/mcp`, await auth('agent-aggregate'));
    // Other servers here have policies of their own; the no-policy server's items must not show.
    const resources = (await client.listResources()).resources.map((r) => r.uri);
    expect(resources.filter((uri) => uri.startsWith('demo://'))).toEqual([]);
    expect((await client.listPrompts()).prompts.map((p) => p.name).filter((n) => n.startsWith('nopolicy__'))).toEqual([]);
    await expect(client.getPrompt({ name: 'nopolicy__completable-prompt' })).rejects.toThrow(/Portcullis denied prompts\/get of 'nopolicy__completable-prompt'.*server 'nopolicy' has no policy file/);
    await expect(
      client.complete({ ref: { type: 'ref/prompt', name: 'nopolicy__completable-prompt' }, argument: { name: 'department', value: 'E' } }),
    ).rejects.toThrow(/server 'nopolicy' has no policy file/);
    const record = await lastRecord({ server: 'nopolicy', tool: 'completable-prompt' });
    expect(record).toMatchObject({ method: 'completion/complete', decision: 'deny' });
    await client.close();
  });
});

describe('sampling and elicitation: a server may use the client’s model or ask its user only if the policy says so', () => {
  async function clientWithModel(url: string, grant: string) {
    const asked = { sampling: 0, elicitation: 0 };
    const client = new Client({ name: 'sampling-client', version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async () => {
      asked.sampling++;
      return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled answer' } };
    });
    client.setRequestHandler(ElicitRequestSchema, async () => {
      asked.elicitation++;
      return { action: 'decline' };
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: await auth(grant) } }));
    return { client, asked };
  }

  test('denied: the server hears a refusal naming the rule, the client is never asked, the log has it', async () => {
    const { client, asked } = await clientWithModel(app.endpoint('strict'), 'agent-strict-sampling');
    const sampled = await client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } });
    expect(sampled.isError).toBe(true);
    expect(textOf(sampled)).toMatch(/Portcullis denied sampling\/createMessage: its rule denies sampling requests\. Rule: sampling\. This server may not use your model/);
    const elicited = await client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
    expect(elicited.isError).toBe(true);
    expect(textOf(elicited)).toMatch(/Portcullis denied elicitation\/create.*Rule: elicitation\./);
    expect(asked).toEqual({ sampling: 0, elicitation: 0 });
    expect(await lastRecord({ server: 'strict', tool: 'sampling/createMessage' })).toMatchObject({ method: 'sampling/createMessage', decision: 'deny', rule: 'sampling' });
    await client.close();
  });

  test('allowed: the client is asked and the server gets its answer', async () => {
    const { client, asked } = await clientWithModel(app.endpoint('open'), 'agent-open-sampling');
    const sampled = await client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } });
    expect(textOf(sampled)).toMatch(/sampled answer/);
    const elicited = await client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
    expect(elicited.isError).toBeFalsy();
    expect(asked).toEqual({ sampling: 1, elicitation: 1 });
    expect(await lastRecord({ server: 'open', tool: 'sampling/createMessage' })).toMatchObject({ decision: 'allow', rule: 'sampling', upstream: 'ok' });
    await client.close();
  });
});

describe('tools', () => {
  test('under default: deny an explicitly denied tool stays listed and its reason reaches the agent; unmatched tools are not listed', async () => {
    const client = await connectHttpClient(app.endpoint('v1'), await auth('agent-v1-list'));
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('get-env');
    expect(names).toContain('echo');
    expect(names).not.toContain('get-tiny-image');
    expect(textOf(await client.callTool({ name: 'get-env', arguments: {} }))).toMatch(/Rule: tools\.get-env\. No environment dumps/);
    await client.close();
  });

  test('when the all_tools limit runs out, the record and the message blame all_tools.limits[0], not the tool’s rule; on /mcp the tool is named as called', async () => {
    const client = await connectHttpClient(`${app.app.gateway.url}/mcp`, await auth('agent-v1-limit'));
    for (let i = 0; i < 2; i++) expect((await client.callTool({ name: 'v1__get-sum', arguments: { a: 1, b: 2 } })).isError).toBeFalsy();
    const text = textOf(await client.callTool({ name: 'v1__get-sum', arguments: { a: 1, b: 2 } }));
    expect(text).toMatch(/^Portcullis denied 'v1__get-sum': rate limit 'all' .* is used up; retry in .*Rule: all_tools\.limits\[0\]\.$/);
    expect(text).not.toMatch(/Sums are fine/);
    expect(await lastRecord({ server: 'v1', tool: 'get-sum' })).toMatchObject({ decision: 'rate-limit', rule: 'all_tools.limits[0]', reason: text });
    await client.close();
  });
});
