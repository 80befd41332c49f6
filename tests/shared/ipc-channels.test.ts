// The IPC channel names come from the contract; a call answer is recognised by its envelope.
import { expect, it } from 'vitest';
import { API_METHOD_NAMES } from '../../shared/api-names.js';
import { API_CALL_PREFIX, API_EVENT_CHANNEL, IPC_API_METHODS, apiCallChannel, isIpcCallResult } from '../../shared/ipc-channels.js';

it('has one call channel per contract method, api:<method>, none equal to the event channel', () => {
  expect(IPC_API_METHODS).toEqual(API_METHOD_NAMES);
  expect(apiCallChannel('getInfo')).toBe('api:getInfo');
  const channels = IPC_API_METHODS.map(apiCallChannel);
  expect(channels.every((c) => c.startsWith(API_CALL_PREFIX))).toBe(true);
  expect(new Set(channels).size).toBe(channels.length);
  expect(channels).not.toContain(API_EVENT_CHANNEL);
});

it('accepts an ok envelope (any value) and a failure envelope with an error object, nothing else', () => {
  expect(isIpcCallResult({ ok: true, value: undefined })).toBe(true);
  expect(isIpcCallResult({ ok: false, error: { message: 'nope', code: 'not-found' } })).toBe(true);
  for (const value of [null, undefined, 'ok', {}, { ok: 'true' }, { ok: 'yes', error: { message: 'x' } }, { ok: false }, { ok: false, error: null }, { ok: false, error: 'nope' }]) {
    expect(isIpcCallResult(value)).toBe(false);
  }
});
