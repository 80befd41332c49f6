// The only two doors between main and renderer, typed from shared/ipc-channels.ts:
// `handleCall` for request/response channels, `sendEvent` for the event channel. Other
// modules use these rather than ipcMain.handle / webContents.send directly.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { IpcCallChannels, IpcEventChannels } from '../../../shared/ipc-channels.js';

export type CallHandler<C extends keyof IpcCallChannels> = (event: IpcMainInvokeEvent, input: unknown) => Promise<IpcCallChannels[C]['result']>;

/** The input is `unknown` on purpose: it came from a renderer and is validated by the handler. */
export function handleCall<C extends keyof IpcCallChannels>(ipcMain: Pick<IpcMain, 'handle'>, channel: C, handler: CallHandler<C>): void {
  ipcMain.handle(channel, (event, input: unknown) => handler(event, input));
}

export function sendEvent<C extends keyof IpcEventChannels>(contents: Pick<WebContents, 'send'>, channel: C, ...args: IpcEventChannels[C]): void {
  contents.send(channel, ...args);
}
