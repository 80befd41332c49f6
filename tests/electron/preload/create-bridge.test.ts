import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../../shared/api-schema.js';
import { createBridge } from '../../../electron/preload/create-bridge.js';

function fakeIpc(answer: unknown) {
  const emitter = new EventEmitter();
  return Object.assign(emitter, { invoke: vi.fn(async (_channel: string, _input: unknown) => answer) });
}

describe('preload bridge (window.portcullis)', () => {
  it('has every Api method and subscribe, nothing else', () => {
    const bridge = createBridge(fakeIpc({ ok: true, value: null }));
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'subscribe'].sort());
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });

  it('invokes api:<method> with the one input object and resolves with the value', async () => {
    const ipc = fakeIpc({ ok: true, value: { paused: true } });
    const bridge = createBridge(ipc);
    await expect(bridge.setPaused({ paused: true })).resolves.toEqual({ paused: true });
    expect(ipc.invoke).toHaveBeenCalledWith('api:setPaused', { paused: true });
    await bridge.getInfo(undefined as never);
    expect(ipc.invoke).toHaveBeenLastCalledWith('api:getInfo', {});
  });

  it('rejects with the { error } body, so the renderer keeps code and issues', async () => {
    const error = { message: 'invalid input for setPaused: paused: expected boolean', code: 'invalid-input', issues: [{ path: 'paused', message: 'expected boolean' }] };
    const bridge = createBridge(fakeIpc({ ok: false, error }));
    await expect(bridge.setPaused({ paused: true })).rejects.toEqual({ error });
  });

  it('refuses a malformed answer', async () => {
    await expect(createBridge(fakeIpc('surprise')).getInfo({})).rejects.toThrow('malformed answer on api:getInfo');
  });

  it('subscribe relays api:event to the listener until unsubscribed', () => {
    const ipc = fakeIpc(null);
    const bridge = createBridge(ipc);
    const listener = vi.fn();
    const unsubscribe = bridge.subscribe(listener);
    ipc.emit('api:event', {}, 'paused-changed', { paused: true });
    ipc.emit('api:other', {}, 'paused-changed', { paused: false });
    unsubscribe();
    ipc.emit('api:event', {}, 'paused-changed', { paused: false });
    expect(listener.mock.calls).toEqual([['paused-changed', { paused: true }]]);
    expect(ipc.listenerCount('api:event')).toBe(0);
  });
});
