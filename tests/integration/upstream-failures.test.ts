// A crashed, hanging, garbled or refusing upstream gives clients a clear error and leaks nothing.
import { afterEach, describe, expect, test } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { faultyStdio, isAlive } from '../helpers/faulty.js';
import { waitFor } from '../helpers/wait-for.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

describe('a crashing upstream', () => {
  test('fails the in-flight call with a clear error, is restarted, and the session goes on', async () => {
    gw = await startTestGateway({ faulty: faultyStdio() });
    const client = await connectHttpClient(gw.endpoint('faulty'), gw.headers());
    const before = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} }))).pid as number;

    const error = await client.callTool({ name: 'crash', arguments: {} }).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/Upstream server 'faulty' exited unexpectedly \(exit code 7\)/);
    expect(error?.message).toMatch(/crashing on purpose/);

    const after = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} }))).pid as number;
    expect(after).not.toBe(before);
    expect(isAlive(before)).toBe(false);
    await client.close();
  });

  test('the gateway-owned connection reports failed status with the stderr tail, and retries', async () => {
    gw = await startTestGateway({ broken: faultyStdio({ FAULTY_MODE: 'exit-at-start' }) }, { superviseUpstreams: true });
    await waitFor(() => (gw!.gateway.status('broken')?.restarts ?? 0) >= 1, { what: 'a restart attempt' });
    const status = gw.gateway.status('broken')!;
    expect(status.state === 'failed' || status.state === 'connecting').toBe(true);
    expect(status.lastError).toMatch(/refusing to start|exit code 3|Connection closed/);
  });

  test('an upstream that exits at start gives the client a 502 with the reason', async () => {
    gw = await startTestGateway({ broken: faultyStdio({ FAULTY_MODE: 'exit-at-start' }) });
    const error = await connectHttpClient(gw.endpoint('broken'), gw.headers()).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/502|unavailable/);
    expect(error?.message).toMatch(/refusing to start/);
  });
});

describe('a hanging upstream', () => {
  test('is bounded by the call timeout, and the session still works', async () => {
    gw = await startTestGateway({ faulty: faultyStdio() });
    await gw.gateway.config.update((d) => {
      d.servers[0]!.callTimeoutSeconds = 1;
    });
    const client = await connectHttpClient(gw.endpoint('faulty'), gw.headers());
    const error = await client.callTool({ name: 'hang', arguments: {} }).then(() => undefined, (e: Error) => e);
    // The gateway's timeout answered (its message names the 1 s), not the client's 60 s default.
    expect(error?.message).toMatch(/did not answer tools\/call within 1 s/);
    expect(textOf(await client.callTool({ name: 'remember', arguments: { value: 'still here' } }))).toBe('remembered still here');
    await client.close();
  });
});

describe('upstream output and processes', () => {
  test('a non-JSON line on stdout is skipped, the call still answers', async () => {
    gw = await startTestGateway({ faulty: faultyStdio() });
    const client = await connectHttpClient(gw.endpoint('faulty'), gw.headers());
    expect(textOf(await client.callTool({ name: 'garbage', arguments: {} }))).toBe('ok after garbage');
    await client.close();
  });

  test('DELETE ends the session and kills the upstream’s whole process tree', async () => {
    gw = await startTestGateway({ faulty: faultyStdio() });
    const client = await connectHttpClient(gw.endpoint('faulty'), gw.headers());
    const serverPid = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} }))).pid as number;
    const grandchild = Number(textOf(await client.callTool({ name: 'spawn-grandchild', arguments: {} })));
    expect(isAlive(grandchild)).toBe(true);
    await (client.transport as unknown as { terminateSession(): Promise<void> }).terminateSession();
    await waitFor(() => !isAlive(serverPid) && !isAlive(grandchild), { what: 'the process tree to exit' });
    expect(gw.gateway.sessions.all()).toHaveLength(0);
    await client.close();
  });

  test('closing the gateway stops every upstream process', async () => {
    gw = await startTestGateway({ faulty: faultyStdio() });
    const clients = await Promise.all([1, 2, 3].map(() => connectHttpClient(gw!.endpoint('faulty'), gw!.headers())));
    const pids = await Promise.all(clients.map(async (c) => JSON.parse(textOf(await c.callTool({ name: 'whoami', arguments: {} }))).pid as number));
    await gw.close();
    gw = undefined;
    await waitFor(() => pids.every((pid) => !isAlive(pid)), { what: 'upstreams to exit' });
  });
});
