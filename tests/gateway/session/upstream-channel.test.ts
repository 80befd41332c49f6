// A session's channel to one upstream, against a real MCP server in this process: what the
// server said at initialize, forwarding with progress, a deadline and cancellation, the
// server's own requests and notifications, and errors in the client's terms.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JSONRPCRequest, Notification, Progress } from '@modelcontextprotocol/sdk/types.js';
import { UpstreamChannel, type UpstreamChannelOptions } from '../../../electron/gateway/session/upstream-channel.js';
import { DownstreamError, ErrorCodes } from '../../../electron/gateway/util/json-rpc-error.js';
import { startHttpUpstream, type HttpUpstream } from './http-upstream.js';

let upstream: HttpUpstream;
beforeAll(async () => {
  upstream = await startHttpUpstream('notes', { instructions: 'Keep notes short.' });
});
afterAll(async () => upstream.close());

const channels: UpstreamChannel[] = [];
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()));
});

function open(overrides: Partial<UpstreamChannelOptions> = {}) {
  const serverRequests: JSONRPCRequest[] = [];
  const serverNotifications: Notification[] = [];
  const opening = UpstreamChannel.open({
    server: upstream.config,
    clientInfo: { name: 'Cursor', version: '1.7.0' },
    capabilities: { sampling: {} },
    callTimeoutMs: 5_000,
    onServerRequest: async (request) => {
      serverRequests.push(request);
      return { role: 'assistant', content: { type: 'text', text: 'sampled' }, model: 'm' };
    },
    onServerNotification: async (notification) => void serverNotifications.push(notification),
    onGiveUp: () => undefined,
    ...overrides,
  }).then((channel) => (channels.push(channel), channel));
  return { opening, serverRequests, serverNotifications };
}

const call = (name: string, args: Record<string, unknown> = {}) => ({ name, arguments: args });
const text = (result: Record<string, unknown>) => (result.content as Array<{ text: string }>)[0]!.text;

describe('UpstreamChannel', () => {
  it("knows the server's id, info, capabilities and instructions from initialize", async () => {
    const channel = await open().opening;
    expect(channel.serverId).toBe('notes');
    expect(channel.serverInfo).toMatchObject({ name: 'notes', version: '1.0.0' });
    expect(channel.serverCapabilities.tools).toBeDefined();
    expect(channel.instructions).toBe('Keep notes short.');
    expect(channel.waitingForSignIn).toBe(false);
    expect(channel.pid).toBeUndefined(); // not a stdio server
  });

  it('forwards a request and resolves with the raw result', async () => {
    const channel = await open().opening;
    const listed = await channel.forward('tools/list', {}, { cancel: new AbortController().signal });
    expect((listed.tools as Array<{ name: string }>).map((t) => t.name)).toEqual(['echo', 'secret', 'slow', 'ask', 'log']);
    expect(text(await channel.forward('tools/call', call('echo', { text: 'hi' }), { cancel: new AbortController().signal }))).toBe('notes: hi');
  });

  it("relays the server's progress to onProgress", async () => {
    const channel = await open().opening;
    const progress: Progress[] = [];
    await channel.forward('tools/call', call('slow', { ms: 1 }), { cancel: new AbortController().signal, onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([{ progress: 1, total: 2 }]);
  });

  it('fails a request the server does not answer within callTimeoutMs with a timeout error naming server and method', async () => {
    const channel = await open({ callTimeoutMs: 50 }).opening;
    await expect(channel.forward('tools/call', call('slow', { ms: 2_000 }), { cancel: new AbortController().signal })).rejects.toMatchObject({
      code: ErrorCodes.requestTimeout,
      message: expect.stringMatching(/^Upstream server 'notes' did not answer tools\/call/),
    });
  });

  it('gives up a request when its downstream request is cancelled', async () => {
    const channel = await open().opening;
    const cancel = new AbortController();
    const pending = channel.forward('tools/call', call('slow', { ms: 2_000 }), { cancel: cancel.signal });
    cancel.abort(new Error('client cancelled'));
    await expect(pending).rejects.toThrow();
  });

  it("passes the server's requests and notifications to the session", async () => {
    const { opening, serverRequests, serverNotifications } = open();
    const channel = await opening;
    expect(text(await channel.forward('tools/call', call('ask'), { cancel: new AbortController().signal }))).toBe('sampled');
    expect(serverRequests.map((r) => r.method)).toEqual(['sampling/createMessage']);
    await channel.forward('logging/setLevel', { level: 'debug' }, { cancel: new AbortController().signal });
    await channel.forward('tools/call', call('log'), { cancel: new AbortController().signal });
    expect(serverNotifications.filter((n) => n.method === 'notifications/message').map((n) => n.params?.data)).toEqual(['from notes']);
  });

  it("turns the server's JSON-RPC error into one for the client, without the SDK's prefix", async () => {
    const channel = await open().opening;
    await expect(channel.forward('prompts/get', { name: 'none' }, { cancel: new AbortController().signal })).rejects.toMatchObject({ code: expect.any(Number), message: expect.not.stringMatching(/^MCP error/) });
  });

  it('a send that fails (the server went away) rejects with a JSON-RPC error for the client', async () => {
    const lost = await startHttpUpstream('lost');
    const channel = await UpstreamChannel.open({ server: lost.config, capabilities: {}, callTimeoutMs: 2_000, onServerRequest: async () => ({}), onServerNotification: async () => undefined, onGiveUp: () => undefined });
    channels.push(channel);
    await lost.close();
    const error = await channel.forward('tools/list', {}, { cancel: new AbortController().signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownstreamError);
    expect(error).toMatchObject({ code: expect.any(Number), message: expect.any(String) });
  });

  it('opening a server that cannot be reached fails, naming where', async () => {
    const gone = await startHttpUpstream('gone');
    const config = gone.config;
    await gone.close();
    await expect(UpstreamChannel.open({ server: config, capabilities: {}, callTimeoutMs: 1_000, onServerRequest: async () => ({}), onServerNotification: async () => undefined, onGiveUp: () => undefined })).rejects.toThrow(/could not connect to http:\/\/127\.0\.0\.1:\d+\/mcp/);
  });

  it('after close, requests in flight fail as a closed connection, not as a lost server', async () => {
    const channel = await open().opening;
    const pending = channel.forward('tools/call', call('slow', { ms: 2_000 }), { cancel: new AbortController().signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await channel.close();
    await expect(pending).rejects.toMatchObject({ code: ErrorCodes.connectionClosed });
  });
});
