// The Api over IPC: one `ipcMain.handle` per contract method, each behind the trusted-sender
// check and the contract's input schema, answering with a value or an error envelope.
import type { IpcMain } from 'electron';
import type { ApiMethod, PortcullisApi } from '../../../shared/api.js';
import { parseApiInput } from '../../../shared/api-schema.js';
import { IPC_API_METHODS, apiCallChannel, type ApiCallChannel, type IpcCallChannels, type IpcCallResult } from '../../../shared/ipc-channels.js';
import { ApiError, toApiError, toErrorBody } from '../../../shared/api-error.js';
import { handleCall } from './typed-ipc.js';
import type { SenderCheck } from './trusted-sender.js';

export interface ApiIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  api: PortcullisApi;
  isTrustedSender: SenderCheck;
  log(message: string): void;
}

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
    const parsed = parseApiInput(method, input);
    if (!parsed.ok) {
      throw new ApiError('invalid-input', `invalid input for ${method}: ${parsed.issues.map((i) => `${i.path || '(input)'}: ${i.message}`).join('; ')}`, parsed.issues);
    }
    const call = options.api[method] as (input: unknown) => ReturnType<PortcullisApi[M]>;
    return { ok: true, value: (await call(parsed.value)) as Awaited<ReturnType<PortcullisApi[M]>> };
  } catch (error) {
    return { ok: false, ...toErrorBody(toApiError(error)) };
  }
}
