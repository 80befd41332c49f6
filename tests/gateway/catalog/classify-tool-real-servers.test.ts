// The annotated tools of real MCP servers from npm, listed over stdio with the SDK.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, type StdioServerParameters } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../electron/gateway/catalog/catalog.js';
import { classifyTool } from '../../../electron/gateway/catalog/classify-tool.js';

const require = createRequire(import.meta.url);
const entryOf = (pkg: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'dist', 'index.js');

async function listTools(params: StdioServerParameters): Promise<Tool[]> {
  // Declare what clients declare, so server-everything lists its sampling/elicitation/roots tools too.
  const client = new Client({ name: 'portcullis-catalog-test', version: '0.0.0' }, { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } });
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [] }));
  await client.connect(new StdioClientTransport({ ...params, stderr: 'pipe' }));
  try {
    return (await client.listTools()).tools;
  } finally {
    await client.close();
  }
}

let dir: string;
const tools: Record<'everything' | 'filesystem' | 'memory', Tool[]> = { everything: [], filesystem: [], memory: [] };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-catalog-servers-'));
  const [everything, filesystem, memory] = await Promise.all([
    listTools({ command: process.execPath, args: [entryOf('@modelcontextprotocol/server-everything'), 'stdio'] }),
    listTools({ command: process.execPath, args: [entryOf('@modelcontextprotocol/server-filesystem'), dir] }),
    listTools({ command: process.execPath, args: [entryOf('@modelcontextprotocol/server-memory')], env: { MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl') } }),
  ]);
  Object.assign(tools, { everything, filesystem, memory });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const verdicts = (list: Tool[]) => Object.fromEntries(list.map((t) => {
  const risk = classifyTool(t);
  return [t.name, `${risk.class}/${risk.level}${risk.mismatch ? '/mismatch' : ''}`];
}));

describe('annotated tools of real servers', () => {
  it('server-filesystem: reads are read/low, writes local and destructive ones lowered by openWorldHint: false', () => {
    const v = verdicts(tools.filesystem);
    console.log('server-filesystem:', JSON.stringify(v));
    expect(Object.keys(v).length).toBeGreaterThanOrEqual(12);
    for (const name of ['read_text_file', 'read_multiple_files', 'list_directory', 'directory_tree', 'search_files', 'get_file_info']) expect(v[name]).toBe('read/low');
    expect(v.write_file).toBe('destructive/medium');
    expect(v.edit_file).toBe('destructive/medium');
    expect(v.move_file).toBe('destructive/medium');
    expect(v.create_directory).toBe('write/low');
  });

  it('server-memory: creates are write, deletes destructive, reads read', () => {
    const v = verdicts(tools.memory);
    console.log('server-memory:', JSON.stringify(v));
    expect(v).toMatchObject({
      create_entities: 'write/low', add_observations: 'write/low',
      delete_entities: 'destructive/medium', delete_relations: 'destructive/medium',
      read_graph: 'read/low', search_nodes: 'read/low', open_nodes: 'read/low',
    });
  });

  it('server-everything: every tool listed, no mismatch, the environment dump flagged', () => {
    const v = verdicts(tools.everything);
    console.log('server-everything:', JSON.stringify(v));
    expect(Object.keys(v)).toEqual(expect.arrayContaining(['echo', 'get-env', 'trigger-sampling-request', 'trigger-elicitation-request', 'get-roots-list']));
    expect(Object.values(v).some((x) => x.endsWith('/mismatch'))).toBe(false);
    expect(v).toMatchObject({ echo: 'read/low', 'get-sum': 'read/low', 'get-env': 'read/high', 'toggle-simulated-logging': 'write/low', 'trigger-sampling-request': 'write/medium' });
    const env = classifyTool(tools.everything.find((t) => t.name === 'get-env')!);
    expect(env.reasons[0]).toMatch(/'env'.*'environment variables' → read: may expose secrets/);
  });

  it('the SDK listings go into the catalog as they are', async () => {
    const catalog = await Catalog.open(path.join(dir, 'data'), { saveDelayMs: 10 });
    try {
      for (const [id, list] of Object.entries(tools)) catalog.sync(id, { tools: list });
      expect(catalog.entries('filesystem').every((e) => e.status === 'accepted' && e.annotations !== undefined)).toBe(true);
      expect(catalog.riskClassOf('memory', 'delete_entities')).toBe('destructive');
    } finally {
      await catalog.close();
    }
  });
});
