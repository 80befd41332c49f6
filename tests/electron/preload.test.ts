// The preload exposes one global, window.portcullis: the Api methods and subscribe, nothing else.
import { afterEach, expect, it } from 'vitest';
import { API_METHOD_NAMES } from '../../shared/api-names.js';
import { contextBridge, ipcRenderer } from './electron-mock.js';

afterEach(() => {
  contextBridge.exposed.clear();
});

it('exposes window.portcullis only, whose methods invoke api:<method> over IPC', async () => {
  await import('../../electron/preload.js');
  expect([...contextBridge.exposed.keys()]).toEqual(['portcullis']);
  const bridge = contextBridge.exposed.get('portcullis') as Record<string, (input?: unknown) => Promise<unknown>>;
  expect(Object.keys(bridge).sort()).toEqual([...API_METHOD_NAMES, 'subscribe'].sort());
  await bridge.getInfo!({}).catch(() => undefined); // no window in this test to answer it
  expect(ipcRenderer.invoke).toHaveBeenCalledWith('api:getInfo', {});
});
