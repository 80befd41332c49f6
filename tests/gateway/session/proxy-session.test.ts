// One client session in front of one real upstream (an in-process MCP server): lists pass the
// gate's filter, tools/call and the server's own requests pass its admission, notifications
// its passNotification; the session's context and close are what the registry relies on.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Notification, Tool } from '@modelcontextprotocol/sdk/types.js';
import { ProxySession, type SessionOptions } from '../../../electron/gateway/session/proxy-session.js';
import type { CallGate, GovernedRequest, SessionContext } from '../../../electron/gateway/gate/call-gate.js';
import { openGate } from '../../../electron/gateway/gate/call-gate.js';
import type { GatewaySession } from '../../../electron/gateway/session/gateway-session.js';
import { memoryTransports } from './memory-transport.js';
import { startHttpUpstream, type HttpUpstream } from './http-upstream.js';

let upstream: HttpUpstream;
beforeAll(async () => {
  upstream = await startHttpUpstream('notes', { instructions: 'Keep notes short.', withPromptsAndResources: true });
});
afterAll(async () => upstream.close());

/** A gate that hides `secret` and the prompts, refuses sampling, drops log messages, and records what it was asked. */
function recordingGate() {
  const asked: Array<{ ctx: SessionContext; what: string }> = [];
  const gate: CallGate = {
    ...openGate,
    filterTools: (ctx, tools: Tool[]) => tools.filter((t) => t.name !== 'secret'),
    admitCall: async (ctx, name) => {
      asked.push({ ctx, what: `call ${name}` });
      return { proceed: true, finish: () => undefined };
    },
    filterList: (_ctx, kind, items) => (kind === 'prompts' ? [] : items),
    admitRequest: async (ctx, request: GovernedRequest) => {
      asked.push({ ctx, what: `request ${request.method}` });
      return request.method === 'sampling/createMessage' ? { proceed: false, error: { code: -32600, message: 'sampling is not allowed' } } : { proceed: true, finish: () => undefined };
    },
    passNotification: (_ctx, notification: Notification) => notification.method !== 'notifications/message',
  };
  return { gate, asked };
}

const sessions: ProxySession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function open(gate: CallGate, overrides: Partial<SessionOptions> = {}) {
  const transports = memoryTransports();
  const initialized: GatewaySession[] = [];
  const closed: GatewaySession[] = [];
  const session = await ProxySession.open(upstream.config, {
    grant: 'laptop',
    gate,
    initialize: { protocolVersion: '2025-06-18', capabilities: { sampling: {} }, clientInfo: { name: 'Cursor', version: '1.7.0' } },
    callTimeoutMs: 5_000,
    openTransport: transports.open,
    onInitialized: (s) => initialized.push(s),
    onClosed: (s) => closed.push(s),
    ...overrides,
  });
  sessions.push(session);
  return { session, client: transports.last, initialized, closed };
}

describe('ProxySession', () => {
  it("offers the client the upstream's own info, capabilities and instructions", async () => {
    const { client } = await open(openGate);
    const { result } = await client.ask('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'Cursor', version: '1.7.0' } });
    expect(result).toMatchObject({ serverInfo: { name: 'notes' }, instructions: 'Keep notes short.' });
    expect((result!.capabilities as Record<string, unknown>).prompts).toBeDefined();
  });

  it('has the context the gate sees: server, grant, session id and client', async () => {
    const { session } = await open(openGate);
    expect(session.serverId).toBe('notes');
    expect(session.id).toBe('sess-1');
    expect(session.context).toEqual({ serverId: 'notes', grant: 'laptop', sessionId: 'sess-1', clientInfo: { name: 'Cursor', version: '1.7.0' } });
  });

  it('shows the client only the tools the gate lets through; calls are the gate\'s to admit, a name the server never listed is refused before it', async () => {
    const { gate, asked } = recordingGate();
    const { client } = await open(gate);
    const { result } = await client.ask('tools/list');
    expect((result!.tools as Tool[]).map((t) => t.name)).toEqual(['echo', 'slow', 'ask', 'log']);
    const echoed = await client.ask('tools/call', { name: 'echo', arguments: { text: 'hi' } });
    expect(echoed.result).toMatchObject({ content: [{ type: 'text', text: 'notes: hi' }] });
    expect(asked.map((a) => a.what)).toEqual(['call echo']);
    const unknown = await client.ask('tools/call', { name: 'nope', arguments: {} });
    expect(unknown.result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^Unknown tool 'nope'.*nothing was sent/) }] });
    await client.ask('tools/call', { name: 'secret', arguments: {} });
    expect(asked.map((a) => a.what)).toEqual(['call echo', 'call secret']); // hiding is the policy's; its admitCall refuses such calls
  });

  it("filters the other lists through the gate and admits other requests by it", async () => {
    const { gate, asked } = recordingGate();
    const { client } = await open(gate);
    expect((await client.ask('prompts/list')).result).toEqual({ prompts: [] });
    const resources = await client.ask('resources/list');
    expect((resources.result!.resources as Array<{ uri: string }>).map((r) => r.uri)).toEqual(['memo://notes/notes']);
    const read = await client.ask('resources/read', { uri: 'memo://notes/notes' });
    expect(read.result).toMatchObject({ contents: [{ text: 'notes notes' }] });
    expect(asked.map((a) => a.what)).toEqual(['request resources/read']);
  });

  it("puts the server's own requests to the gate: a refused sampling request never reaches the client", async () => {
    const { gate, asked } = recordingGate();
    const { client } = await open(gate);
    await client.ask('tools/list');
    const answer = await client.ask('tools/call', { name: 'ask', arguments: {} });
    expect(client.messages('sampling/createMessage')).toEqual([]);
    expect(JSON.stringify(answer)).toMatch(/sampling is not allowed/);
    expect(asked.find((a) => a.what === 'request sampling/createMessage')?.ctx).toMatchObject({ serverId: 'notes', grant: 'laptop', sessionId: 'sess-1' });
  });

  it("passes the server's notifications to the client only where the gate lets them", async () => {
    const { gate } = recordingGate();
    const { client } = await open(gate);
    await client.ask('logging/setLevel', { level: 'debug' });
    await client.ask('tools/list');
    await client.ask('tools/call', { name: 'log', arguments: {} });
    expect(client.messages('notifications/message')).toEqual([]);

    const open2 = await open(openGate);
    await open2.client.ask('logging/setLevel', { level: 'debug' });
    await open2.client.ask('tools/list');
    await open2.client.ask('tools/call', { name: 'log', arguments: {} });
    expect(open2.client.messages('notifications/message')).toHaveLength(1);
  });

  it('closes once the client ends its session, telling the registry once however often it is closed', async () => {
    const { session, client, closed } = await open(openGate);
    client.endSession();
    for (let i = 0; i < 100 && closed.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(session.isClosed).toBe(true);
    await session.close();
    expect(closed).toEqual([session]);
  });

  it('touch() marks activity the registry reads', async () => {
    const { session } = await open(openGate);
    const before = session.lastActivity();
    await new Promise((resolve) => setTimeout(resolve, 5));
    session.touch();
    expect(session.lastActivity()).toBeGreaterThan(before);
  });
});
