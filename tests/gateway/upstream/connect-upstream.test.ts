// Connecting to an upstream over its configured transport, and a connect failure described in
// words a person can act on, with no secret in them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUpstream, createUpstreamTransport, describeConnectFailure, openTransportLink, stripMcpPrefix } from '../../../electron/gateway/upstream/connect-upstream.js';
import { StdioUpstreamTransport } from '../../../electron/gateway/upstream/stdio-transport.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StderrTail } from '../../../electron/gateway/upstream/stderr-tail.js';
import type { UpstreamConfig } from '../../../shared/config.js';
import { startHttpUpstream, type HttpUpstream } from '../session/http-upstream.js';

const OPTIONS = { clientInfo: { name: 'portcullis', version: '0' }, capabilities: {} };

describe('createUpstreamTransport', () => {
  it('builds the transport the config names', () => {
    expect(createUpstreamTransport({ transport: 'stdio', command: 'node', args: [], env: {} })).toBeInstanceOf(StdioUpstreamTransport);
    expect(createUpstreamTransport({ transport: 'http', url: 'http://127.0.0.1:1/mcp', headers: {} })).toBeInstanceOf(StreamableHTTPClientTransport);
    expect(createUpstreamTransport({ transport: 'sse', url: 'http://127.0.0.1:1/sse', headers: {} })).toBeInstanceOf(SSEClientTransport);
  });
});

describe('openTransportLink', () => {
  it('marks the link closing when we close it, and resolves closed', async () => {
    const link = openTransportLink({ transport: 'http', url: 'http://127.0.0.1:1/mcp', headers: {} });
    expect(link.stdio).toBeUndefined();
    expect(link.closing).toBe(false);
    await link.close();
    expect(link.closing).toBe(true);
    await link.closed;
  });
});

describe('connectUpstream', () => {
  let upstream: HttpUpstream;
  beforeAll(async () => {
    upstream = await startHttpUpstream('notes');
  });
  afterAll(async () => upstream.close());

  it('connects an SDK client that can list the tools, configured before connecting', async () => {
    let configured = false;
    const link = await connectUpstream(upstream.config.upstream, { ...OPTIONS, configure: () => void (configured = true) });
    try {
      expect(configured).toBe(true);
      expect(link.client.getServerVersion()).toMatchObject({ name: 'notes' });
      expect((await link.client.listTools()).tools.map((t) => t.name)).toContain('echo');
    } finally {
      await link.close();
    }
    expect(link.closing).toBe(true);
  });

  it('fails naming the URL, without the SDK prefix and with any secret in the URL masked', async () => {
    const gone = await startHttpUpstream('gone');
    await gone.close();
    const config = gone.config.upstream as Extract<UpstreamConfig, { url: string }>;
    const url = `${config.url}?api_key=sk-live-0123456789abcdefghijklmnop`;
    const error = await connectUpstream({ ...config, url }, { ...OPTIONS, connectTimeoutMs: 2_000 }).then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    if (!error) return;
    expect(error.message).toMatch(/^could not connect to http:\/\/127\.0\.0\.1:\d+\/mcp/);
    expect(error.message).not.toContain('sk-live-0123456789abcdefghijklmnop');
    expect(error.message).not.toMatch(/MCP error/);
  });
});

describe('describeConnectFailure', () => {
  const stdio: UpstreamConfig = { transport: 'stdio', command: 'npx', args: ['-y', 'server', '--token', 'ghp_0123456789abcdefghijklmnopqrstuvwxyz'], env: {} };

  it('names the command line, how the process exited and the last five stderr lines, with secrets masked', () => {
    const stderr = new StderrTail();
    stderr.push(['one', 'two', 'three', 'four', 'five', 'six', ''].join('\n'));
    const text = describeConnectFailure(stdio, { stdio: { exit: { code: 1, signal: null }, stderr } as unknown as StdioUpstreamTransport }, new Error('MCP error -32000: Connection closed'));
    expect(text).toMatch(/^could not connect to 'npx -y server --token \*\*\*': Connection closed \(process exited with code 1\); stderr: two \| three \| four \| five \| six$/);
    expect(text).not.toContain('ghp_0123456789abcdefghijklmnopqrstuvwxyz');
  });

  it('names the signal when the process was killed, and says nothing of stderr when there was none', () => {
    const text = describeConnectFailure(stdio, { stdio: { exit: { code: null, signal: 'SIGKILL' }, stderr: new StderrTail() } as unknown as StdioUpstreamTransport }, new Error('gone'));
    expect(text).toMatch(/ gone \(process exited with SIGKILL\)$/);
    expect(text).not.toContain('stderr');
  });
});

describe('stripMcpPrefix', () => {
  it("strips exactly one SDK prefix and keeps the upstream's own text", () => {
    expect(stripMcpPrefix('MCP error -32602: MCP error -1: inner')).toBe('MCP error -1: inner');
    expect(stripMcpPrefix('MCP error 5: x')).toBe('x');
    expect(stripMcpPrefix('plain message')).toBe('plain message');
  });
});
