// The Api over IPC: one `ipcMain.handle` per contract method, each behind the trusted-sender
// check and the contract's input schema, answering with a value or an error envelope.
import type { IpcMain } from 'electron';
import type { ApiMethod, PortcullisApi } from '../../../shared/api.js';
import { IPC_API_METHODS, apiCallChannel, type ApiCallChannel, type IpcCallChannels, type IpcCallResult } from '../../../shared/ipc-channels.js';
import { ApiError, toApiError, toErrorBody } from '../../../shared/api-error.js';
import { callApi } from '../../gateway/api/call-api.js';
import { handleCall } from './typed-ipc.js';
import type { SenderCheck } from './trusted-sender.js';

export interface ApiIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  api: PortcullisApi;
  isTrustedSender: SenderCheck;
  log(message: string): void;
}

/** The window is the only page with IPC access; what it decides is recorded as the app's. */
const WINDOW = { actor: 'app' } as const;

/** Registers every Api method; returns a function that removes them all again. */
export function registerApiIpc(options: ApiIpcOptions): () => void {
  for (const method of IPC_API_METHODS) {
    // `method` is the whole union here; each channel's answer is typed per method inside `answer`.
    handleCall(options.ipcMain, apiCallChannel(method), (event, input) => answer(options, method, event, input) as Promise<IpcCallChannels[ApiCallChannel]['result']>);
  }
  return () => {
    for (const method of IPC_API_METHODS) options.ipcMain.removeHandler(apiCallChannel(method));
  };
}

async function answer<M extends ApiMethod>(options: ApiIpcOptions, method: M, event: Parameters<SenderCheck>[0], input: unknown): Promise<IpcCallResult<M>> {
  try {
    if (!options.isTrustedSender(event)) {
      options.log(`refused ${apiCallChannel(method)} from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);
      throw new ApiError('unauthorized', 'this page may not use the Portcullis Api');
    }
    return { ok: true, value: await callApi(options.api, method, input, WINDOW) };
  } catch (error) {
    return { ok: false, ...toErrorBody(toApiError(error)) };
  }
}
