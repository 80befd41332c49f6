// Each downstream session has its own upstream session: no state or traffic crosses between them.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { faultyStdio } from '../helpers/faulty.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { createGrant } from '../../electron/gateway/config/grants.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ faulty: faultyStdio() });
});
afterAll(async () => {
  await gw?.close();
});

test('two clients, two upstream sessions, no cross-talk', async () => {
  const { token } = await createGrant(gw.gateway.config, 'second-client');
  const [a, b] = await Promise.all([
    connectHttpClient(gw.endpoint('faulty'), gw.headers(), 'client-a'),
    connectHttpClient(gw.endpoint('faulty'), gw.headers(token), 'client-b'),
  ]);
  // Interleave many calls so any mix-up of responses or state would show.
  await Promise.all(
    Array.from({ length: 20 }, (_, i) => [
      a.callTool({ name: 'remember', arguments: { value: `a${i}` } }),
      b.callTool({ name: 'remember', arguments: { value: `b${i}` } }),
    ]).flat(),
  );
  await a.callTool({ name: 'remember', arguments: { value: 'alpha' } });
  await b.callTool({ name: 'remember', arguments: { value: 'beta' } });
  const whoA = JSON.parse(textOf(await a.callTool({ name: 'whoami', arguments: {} })));
  const whoB = JSON.parse(textOf(await b.callTool({ name: 'whoami', arguments: {} })));
  expect(whoA.remembered).toBe('alpha');
  expect(whoB.remembered).toBe('beta');
  expect(whoA.pid).not.toBe(whoB.pid);
  const grants = gw.gateway.sessions.all().map((s) => s.grant);
  expect(grants).toHaveLength(2);
  expect(grants).toContain('second-client');
  await Promise.all([a.close(), b.close()]);
});
