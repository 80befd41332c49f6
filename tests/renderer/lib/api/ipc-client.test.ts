import { describe, expect, it } from 'vitest';
import type { PortcullisClient } from '../../../../shared/api.js';
import { ApiError } from '../../../../renderer/src/lib/api/api-error.js';
import { createIpcClient, toApiError } from '../../../../renderer/src/lib/api/ipc-client.js';
import { API_METHOD_NAMES } from '../../../../renderer/src/lib/api/methods.js';

describe('IPC Api client', () => {
  it('passes every method through to the preload, with {} for no input', async () => {
    const calls: [string, unknown][] = [];
    const raw = Object.fromEntries(API_METHOD_NAMES.map((m) => [m, async (input: unknown) => (calls.push([m, input]), m)])) as unknown as PortcullisClient;
    (raw as { subscribe: PortcullisClient['subscribe'] }).subscribe = () => () => undefined;
    const client = createIpcClient(raw);
    expect(await client.listGrants({})).toBe('listGrants');
    expect(await client.revokeGrant({ name: 'x' })).toBe('revokeGrant');
    expect(calls).toEqual([
      ['listGrants', {}],
      ['revokeGrant', { name: 'x' }],
    ]);
    expect(client.transport).toBe('ipc');
  });

  it("turns Electron's wrapped errors into ApiErrors", async () => {
    expect(toApiError(new Error("Error invoking remote method 'savePolicy': Error: not found: server x"))).toMatchObject({ message: 'not found: server x', code: 'internal' });
    expect(toApiError(Object.assign(new Error('bad'), { code: 'conflict' }))).toMatchObject({ code: 'conflict' });
    expect(toApiError({ error: { message: 'no', code: 'not-found' } })).toMatchObject({ message: 'no', code: 'not-found' });
    const raw = { getInfo: async () => Promise.reject(new Error('boom')), subscribe: () => () => undefined } as unknown as PortcullisClient;
    await expect(createIpcClient(raw).getInfo({})).rejects.toBeInstanceOf(ApiError);
  });
});
