// The /mcp endpoint's session in front of two real upstreams (in-process MCP servers): names
// are namespaced <server>__<name> and routed back, each server's lists pass the gate under that
// server's context, and a server that cannot be reached is left out.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { AggregateSession } from '../../../electron/gateway/session/aggregate-session.js';
import type { SessionOptions } from '../../../electron/gateway/session/proxy-session.js';
import { openGate, type CallGate, type SessionContext } from '../../../electron/gateway/gate/call-gate.js';
import { ALL_SERVERS } from '../../../electron/gateway/session/gateway-session.js';
import type { ServerConfig } from '../../../shared/config.js';
import { memoryTransports } from './memory-transport.js';
import { startHttpUpstream, type HttpUpstream } from './http-upstream.js';

let alpha: HttpUpstream;
let beta: HttpUpstream;
beforeAll(async () => {
  [alpha, beta] = await Promise.all([startHttpUpstream('alpha', { instructions: 'Alpha rules.', withPromptsAndResources: true }), startHttpUpstream('beta', { withPromptsAndResources: true })]);
});
afterAll(async () => Promise.all([alpha.close(), beta.close()]));

const sessions: AggregateSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function open(servers: ServerConfig[], gate: CallGate = openGate, overrides: Partial<SessionOptions> = {}) {
  const transports = memoryTransports();
  const session = await AggregateSession.open(servers, {
    grant: 'laptop',
    gate,
    initialize: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'Cursor', version: '1.7.0' } },
    callTimeoutMs: 5_000,
    openTransport: transports.open,
    onInitialized: () => undefined,
    onClosed: () => undefined,
    ...overrides,
  });
  sessions.push(session);
  return { session, client: transports.last };
}

const names = (items: unknown) => (items as Array<{ name: string }>).map((i) => i.name);

describe('AggregateSession', () => {
  it('is the all-servers session, offering the merged capabilities and every server\'s instructions under its name', async () => {
    const { session, client } = await open([alpha.config, beta.config]);
    expect(session.serverId).toBe(ALL_SERVERS);
    const { result } = await client.ask('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'Cursor', version: '1.7.0' } });
    expect(result).toMatchObject({ serverInfo: { name: 'portcullis' }, capabilities: { tools: { listChanged: true }, prompts: { listChanged: true }, logging: {} } });
    expect(result!.instructions).toMatch(/^Portcullis: this endpoint fronts several MCP servers\.\n\n## alpha \(tools named alpha__<tool>\)\n\nAlpha rules\.$/);
  });

  it('lists every server\'s tools as <server>__<tool> and routes a call back to its server under its own name', async () => {
    const { client } = await open([alpha.config, beta.config]);
    const { result } = await client.ask('tools/list');
    expect(names(result!.tools)).toEqual(['alpha__echo', 'alpha__secret', 'alpha__slow', 'alpha__ask', 'alpha__log', 'beta__echo', 'beta__secret', 'beta__slow', 'beta__ask', 'beta__log']);
    expect((await client.ask('tools/call', { name: 'beta__echo', arguments: { text: 'hi' } })).result).toMatchObject({ content: [{ text: 'beta: hi' }] });
    expect((await client.ask('tools/call', { name: 'alpha__echo', arguments: { text: 'hi' } })).result).toMatchObject({ content: [{ text: 'alpha: hi' }] });
  });

  it('answers a call to a name it never listed with how tools are named here, sending nothing', async () => {
    const { client } = await open([alpha.config]);
    await client.ask('tools/list');
    const { result } = await client.ask('tools/call', { name: 'echo', arguments: { text: 'hi' } });
    expect(result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^Unknown tool 'echo': tools on this endpoint are named <server>__<tool>/) }] });
    const otherServer = await client.ask('tools/call', { name: 'gamma__echo', arguments: { text: 'hi' } });
    expect(otherServer.result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^Unknown tool 'gamma__echo'/) }] });
  });

  it("filters each server's list under that server's context and shows the call the gate the tool's own name", async () => {
    const seen: Array<{ ctx: SessionContext; what: string }> = [];
    const gate: CallGate = {
      ...openGate,
      filterTools: (ctx, tools: Tool[]) => (seen.push({ ctx, what: 'filter' }), ctx.serverId === 'beta' ? [] : tools),
      admitCall: async (ctx, name) => (seen.push({ ctx, what: `call ${name}` }), { proceed: true, finish: () => undefined }),
    };
    const { client } = await open([alpha.config, beta.config], gate);
    const { result } = await client.ask('tools/list');
    expect(names(result!.tools).every((n) => n.startsWith('alpha__'))).toBe(true);
    expect(seen.map((s) => s.ctx.serverId).sort()).toEqual(['alpha', 'beta']);
    await client.ask('tools/call', { name: 'alpha__echo', arguments: { text: 'x' } });
    expect(seen.at(-1)).toMatchObject({ what: 'call echo', ctx: { serverId: 'alpha', grant: 'laptop', sessionId: 'sess-1' } });
  });

  it('namespaces prompts and routes prompts/get back under the prompt\'s own name', async () => {
    const { client } = await open([alpha.config, beta.config]);
    expect(names((await client.ask('prompts/list')).result!.prompts)).toEqual(['alpha__greet', 'beta__greet']);
    const got = await client.ask('prompts/get', { name: 'beta__greet', arguments: { who: 'Ann' } });
    expect(got.result).toMatchObject({ messages: [{ content: { text: 'beta greets Ann' } }] });
    expect((await client.ask('prompts/get', { name: 'greet' })).error).toMatchObject({ code: -32602, message: "Unknown prompt 'greet'" });
    expect((await client.ask('prompts/get', { name: 'gamma__greet' })).error).toMatchObject({ code: -32602, message: "Unknown server 'gamma' on this endpoint" });
  });

  it('routes resources/read to the server that listed the URI, and refuses an unknown URI while several servers could have it', async () => {
    const { client } = await open([alpha.config, beta.config]);
    expect((await client.ask('resources/read', { uri: 'memo://beta/notes' })).error).toMatchObject({ code: -32602, message: expect.stringMatching(/^Unknown resource 'memo:\/\/beta\/notes': list resources/) });
    const listed = await client.ask('resources/list');
    expect((listed.result!.resources as Array<{ uri: string }>).map((r) => r.uri)).toEqual(['memo://alpha/notes', 'memo://beta/notes']);
    expect((await client.ask('resources/read', { uri: 'memo://beta/notes' })).result).toMatchObject({ contents: [{ text: 'beta notes' }] });
  });

  it('refuses a method the aggregate endpoint does not carry', async () => {
    const { client } = await open([alpha.config]);
    expect((await client.ask('sampling/createMessage')).error).toMatchObject({ code: -32601, message: expect.stringMatching(/not available on the aggregate endpoint/) });
  });

  it('leaves out a server that cannot be reached and fails only when none can', async () => {
    const gone = await startHttpUpstream('gone');
    await gone.close();
    const { client } = await open([gone.config, alpha.config]);
    expect(names((await client.ask('tools/list')).result!.tools).every((n) => n.startsWith('alpha__'))).toBe(true);
    await expect(open([gone.config])).rejects.toThrow(/^no server could be reached \(gone: could not connect/);
    await expect(open([])).rejects.toThrow('no servers are registered');
  });
});
