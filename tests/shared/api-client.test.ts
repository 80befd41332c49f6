// createApiClient: every contract method becomes one `call(method, input)`; nothing else is added.
import { expect, it } from 'vitest';
import { createApiClient, type ApiCall } from '../../shared/api-client.js';
import { API_METHOD_NAMES } from '../../shared/api-names.js';
import type { ApiMethod } from '../../shared/api.js';

function recordingClient() {
  const calls: [ApiMethod, unknown][] = [];
  const call: ApiCall = async (method, input) => {
    calls.push([method, input]);
    return `result of ${method}`;
  };
  return { client: createApiClient(call), calls };
}

it('has exactly the contract methods, each passing its name and input to call and answering its result', async () => {
  const { client, calls } = recordingClient();
  expect(Object.keys(client).sort()).toEqual([...API_METHOD_NAMES].sort());
  await expect(client.removeServer({ id: 'memory' })).resolves.toBe('result of removeServer');
  expect(calls).toEqual([['removeServer', { id: 'memory' }]]);
});

it('sends {} when a method is called without input (the schemas reject undefined for no-input methods)', async () => {
  const { client, calls } = recordingClient();
  await (client.getInfo as (input?: unknown) => Promise<unknown>)();
  expect(calls).toEqual([['getInfo', {}]]);
});

it('passes a failing call on as the same rejection', async () => {
  const failure = new Error('gateway down');
  const client = createApiClient(() => Promise.reject(failure));
  await expect(client.listServers({})).rejects.toBe(failure);
});
