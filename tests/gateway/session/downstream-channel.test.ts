// A session's channel to its client over an in-memory transport: it answers initialize and ping
// itself, hands every other request to the session, and carries server-to-client traffic.
import { describe, expect, it } from 'vitest';
import { LATEST_PROTOCOL_VERSION, type JSONRPCMessage, type JSONRPCRequest, type Notification } from '@modelcontextprotocol/sdk/types.js';
import { DownstreamChannel, progressSink, type DownstreamChannelOptions, type DownstreamExtra } from '../../../electron/gateway/session/downstream-channel.js';
import { MemoryTransport } from './memory-transport.js';
import { ErrorCodes } from '../../../electron/gateway/util/json-rpc-error.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));
const request = (id: number, method: string, params: Record<string, unknown> = {}): JSONRPCRequest => ({ jsonrpc: '2.0', id, method, params });
const initialize = (id: number, params: Record<string, unknown>) => request(id, 'initialize', { capabilities: {}, clientInfo: { name: 'test', version: '1' }, ...params });

function open(overrides: Partial<DownstreamChannelOptions> = {}) {
  const handled: Array<{ request: JSONRPCRequest; extra: DownstreamExtra }> = [];
  const notified: Notification[] = [];
  let transport!: MemoryTransport;
  const channel = new DownstreamChannel({
    serverInfo: { name: 'portcullis', version: '9' },
    capabilities: { tools: {} },
    openTransport: (events) => (transport = new MemoryTransport(events)),
    onRequest: async (req, extra) => {
      handled.push({ request: req, extra });
      return { echoed: req.method };
    },
    onNotification: async (notification) => void notified.push(notification),
    onInitialized: () => undefined,
    onClosed: () => undefined,
    ...overrides,
  });
  const fromClient = (message: JSONRPCMessage) => transport.onmessage!(message);
  return { channel, transport, handled, notified, fromClient };
}

describe('DownstreamChannel', () => {
  it('answers initialize itself with its server info, capabilities and instructions, echoing a supported protocol version', async () => {
    const { transport, fromClient, handled } = open({ instructions: 'Use tools carefully.' });
    fromClient(initialize(1, { protocolVersion: '2025-03-26' }));
    expect((await transport.answer(1)).result).toEqual({ protocolVersion: '2025-03-26', capabilities: { tools: {} }, serverInfo: { name: 'portcullis', version: '9' }, instructions: 'Use tools carefully.' });
    expect(handled).toEqual([]);
  });

  it('offers the latest protocol version to a client asking for one it does not know', async () => {
    const { transport, fromClient } = open();
    fromClient(initialize(1, { protocolVersion: '1999-01-01' }));
    expect(((await transport.answer(1)).result as { protocolVersion: string }).protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
  });

  it('refuses a malformed initialize with invalid params, naming the field', async () => {
    const { transport, fromClient } = open();
    fromClient(request(1, 'initialize', { capabilities: {} }));
    const { error } = (await transport.answer(1)) as { error: { code: number; message: string } };
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(/^Invalid initialize request: .*protocolVersion/);
  });

  it('answers ping itself and hands every other request, raw, to the session', async () => {
    const { transport, fromClient, handled } = open();
    fromClient(request(1, 'ping'));
    expect((await transport.answer(1)).result).toEqual({});
    fromClient(request(2, 'tools/list', { cursor: 'c' }));
    expect((await transport.answer(2)).result).toEqual({ echoed: 'tools/list' });
    expect(handled.map((h) => h.request)).toEqual([request(2, 'tools/list', { cursor: 'c' })]);
    expect(handled[0]!.extra.requestId).toBe(2);
  });

  it('marks activity on each request it serves', async () => {
    const { channel, transport, fromClient } = open();
    channel.lastActivity = 0;
    fromClient(request(1, 'ping'));
    await transport.answer(1);
    expect(channel.lastActivity).toBeGreaterThan(0);
  });

  it("keeps the client's notifications/initialized to itself and passes the others on", async () => {
    const { fromClient, notified } = open();
    fromClient({ jsonrpc: '2.0', method: 'notifications/initialized' });
    fromClient({ jsonrpc: '2.0', method: 'notifications/roots/list_changed' });
    await flush();
    expect(notified.map((n) => n.method)).toEqual(['notifications/roots/list_changed']);
  });

  it('sends a server-to-client request on the stream of the newest request in flight and resolves with the answer', async () => {
    let release!: () => void;
    const { channel, transport, fromClient } = open({ onRequest: () => new Promise((resolve) => (release = () => resolve({}))) });
    fromClient(request(7, 'tools/call', { name: 'x' }));
    await flush();
    const asked = channel.request(request(99, 'sampling/createMessage', { maxTokens: 1 }), new AbortController().signal);
    const out = transport.sent.find((s) => 'method' in s.message && s.message.method === 'sampling/createMessage')!;
    expect(out.relatedRequestId).toBe(7);
    fromClient({ jsonrpc: '2.0', id: (out.message as JSONRPCRequest).id, result: { role: 'assistant' } });
    await expect(asked).resolves.toEqual({ role: 'assistant' });
    release();
  });

  it('rejects what it is still waiting for from the client once the client session ends', async () => {
    const { channel } = open();
    const asked = channel.request(request(99, 'roots/list'), new AbortController().signal);
    await channel.close();
    await expect(asked).rejects.toMatchObject({ code: ErrorCodes.connectionClosed, message: 'the client session ended' });
  });

  it('has an elicitor only for a client that declared elicitation, asking on the given request\'s stream', async () => {
    const plain = open();
    plain.fromClient(initialize(1, { protocolVersion: '2025-06-18' }));
    await plain.transport.answer(1);
    expect(plain.channel.elicitor({ requestId: 1 } as DownstreamExtra)).toBeUndefined();

    const { channel, transport, fromClient } = open();
    fromClient(initialize(1, { protocolVersion: '2025-06-18', capabilities: { elicitation: {} } }));
    await transport.answer(1);
    const elicit = channel.elicitor({ requestId: 5 } as DownstreamExtra)!;
    const answered = elicit({ message: 'Allow?' }, new AbortController().signal);
    const out = transport.sent.find((s) => 'method' in s.message && s.message.method === 'elicitation/create')!;
    expect(out.relatedRequestId).toBe(5);
    fromClient({ jsonrpc: '2.0', id: (out.message as JSONRPCRequest).id, result: { action: 'accept' } });
    await expect(answered).resolves.toEqual({ action: 'accept' });
  });

  it('a notification with no request stream open is dropped quietly', async () => {
    const { channel, transport } = open();
    transport.send = async () => {
      throw new Error('no stream');
    };
    await expect(channel.notify({ method: 'notifications/tools/list_changed' })).resolves.toBeUndefined();
  });
});

describe('progressSink', () => {
  it('is undefined when the client sent no progress token', () => {
    expect(progressSink(request(1, 'tools/call'), {} as DownstreamExtra)).toBeUndefined();
  });

  it("relays progress under the client's own token", async () => {
    const sent: Notification[] = [];
    const extra = { sendNotification: async (n: Notification) => void sent.push(n) } as unknown as DownstreamExtra;
    const sink = progressSink(request(1, 'tools/call', { _meta: { progressToken: 'tok-1' } }), extra)!;
    sink({ progress: 1, total: 2, progressToken: 'upstream-token' });
    expect(sent).toEqual([{ method: 'notifications/progress', params: { progress: 1, total: 2, progressToken: 'tok-1' } }]);
  });
});
