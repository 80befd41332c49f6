// The stdio transport spawns its upstream as a process-group leader and stops the whole group;
// it reads JSON-RPC lines, reports stray lines without losing the stream, and keeps a stderr tail.
// Children are short `node -e` scripts (this module's job is spawning, so these tests spawn).
import { afterEach, describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { StdioUpstreamTransport } from '../../../electron/gateway/upstream/stdio-transport.js';
import { isAlive } from '../../helpers/faulty.js';
import { waitFor } from '../../helpers/wait-for.js';

const transports: StdioUpstreamTransport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

function node(code: string, killGraceMs = 2_000): StdioUpstreamTransport {
  const transport = new StdioUpstreamTransport({ command: process.execPath, args: ['-e', code], env: { FROM_TEST: 'yes' }, killGraceMs });
  transports.push(transport);
  return transport;
}

/** Echoes each line it reads back on stdout; writes `ready` to stderr once reading. */
const ECHO = `process.stdin.on('data', (d) => process.stdout.write(d)); process.stderr.write('ready\\n');`;

const until = (check: () => boolean) => waitFor(check, { interval: 5 });

describe('StdioUpstreamTransport', () => {
  it('sends messages as lines and hands back each JSON-RPC line it reads', async () => {
    const transport = node(ECHO);
    const received: JSONRPCMessage[] = [];
    transport.onmessage = (m) => received.push(m);
    await transport.start();
    expect(transport.pid).toBeTypeOf('number');
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' });
    await transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await until(() => received.length === 2);
    expect(received).toEqual([{ jsonrpc: '2.0', id: 1, method: 'ping' }, { jsonrpc: '2.0', method: 'notifications/initialized' }]);
  });

  it('reports a line that is not JSON-RPC and keeps reading the stream', async () => {
    const transport = node(`process.stdout.write('starting up\\n' + JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} }) + '\\n');`);
    const errors: Error[] = [];
    const received: JSONRPCMessage[] = [];
    transport.onerror = (e) => errors.push(e);
    transport.onmessage = (m) => received.push(m);
    await transport.start();
    await until(() => received.length === 1);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^upstream wrote a line that is not JSON-RPC/)]);
  });

  it('gives the child the environment it was configured with', async () => {
    const transport = node(`process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'env', params: { v: process.env.FROM_TEST } }) + '\\n');`);
    const received: JSONRPCMessage[] = [];
    transport.onmessage = (m) => received.push(m);
    await transport.start();
    await until(() => received.length === 1);
    expect(received[0]).toMatchObject({ params: { v: 'yes' } });
  });

  it('keeps the stderr tail, records how the process exited, and closes once', async () => {
    const transport = node(`process.stderr.write('boom: bad config\\n'); process.exit(3);`);
    let closes = 0;
    transport.onclose = () => closes++;
    await transport.start();
    await until(() => closes === 1);
    expect(transport.exit).toEqual({ code: 3, signal: null });
    expect(transport.stderr.snapshot()).toContain('boom: bad config');
    await transport.close();
    expect(closes).toBe(1);
    await expect(transport.send({ jsonrpc: '2.0', id: 2, method: 'ping' })).rejects.toThrow('upstream process is not running');
  });

  it('fails to start with the command named when it cannot be spawned', async () => {
    const transport = new StdioUpstreamTransport({ command: '/nonexistent/portcullis-upstream', args: [], env: {} });
    transport.onerror = () => undefined;
    await expect(transport.start()).rejects.toThrow(/^could not start '\/nonexistent\/portcullis-upstream': /);
  });

  it('refuses to start twice', async () => {
    const transport = node(ECHO);
    await transport.start();
    expect(() => transport.start()).toThrow('already started');
  });

  it('close stops the whole process group, a grandchild that ignores SIGTERM included', async () => {
    // The child starts a grandchild that ignores SIGTERM and reports its pid on stdout.
    const grandchild = `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); process.stdout.write(String(process.pid));`;
    const transport = node(
      `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: ['ignore', 'pipe', 'inherit'] });
       c.stdout.on('data', (d) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'pid', params: { pid: Number(String(d)) } }) + '\\n'));
       setInterval(() => {}, 1000);`,
      200,
    );
    const received: JSONRPCMessage[] = [];
    transport.onmessage = (m) => received.push(m);
    await transport.start();
    await until(() => received.length === 1);
    const pid = (received[0] as unknown as { params: { pid: number } }).params.pid;
    expect(isAlive(pid)).toBe(true);
    await transport.close();
    await until(() => !isAlive(pid));
  });
});
