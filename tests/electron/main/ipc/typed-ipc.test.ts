// The two typed doors: a call handler registered on its channel, an event sent on the event channel.
import { afterEach, expect, it } from 'vitest';
import { handleCall, sendEvent } from '../../../../electron/main/ipc/typed-ipc.js';
import { ipcMain, WebContentsMock, WebFrameMainMock } from '../../electron-mock.js';

afterEach(() => ipcMain.handlers.clear());

it('handleCall registers the handler on its channel and hands it the event and the raw input', async () => {
  const calls: unknown[][] = [];
  handleCall(ipcMain, 'api:setPaused', async (event, input) => {
    calls.push([event, input]);
    return { ok: true, value: { paused: true } } as never;
  });
  const sender = new WebContentsMock();
  const frame = new WebFrameMainMock();
  await expect(ipcMain.invokeAs(sender, frame, 'api:setPaused', { paused: 'yes' }, 'extra')).resolves.toEqual({ ok: true, value: { paused: true } });
  expect(calls).toEqual([[{ sender, senderFrame: frame }, { paused: 'yes' }]]);
  expect([...ipcMain.handlers.keys()]).toEqual(['api:setPaused']);
});

it('sendEvent sends the event name and payload on its channel', () => {
  const contents = new WebContentsMock();
  sendEvent(contents, 'api:event', 'paused-changed', { paused: false });
  expect(contents.sent).toEqual([{ channel: 'api:event', args: ['paused-changed', { paused: false }] }]);
});
