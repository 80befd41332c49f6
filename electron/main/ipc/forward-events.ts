// The Api's live events, down the one event channel to the main window (and nowhere else).
import type { WebContents } from 'electron';
import type { PortcullisClient } from '../../../shared/api.js';
import { API_EVENT_CHANNEL, type IpcEventChannels } from '../../../shared/ipc-channels.js';
import { sendEvent } from './typed-ipc.js';

export function forwardApiEvents(api: Pick<PortcullisClient, 'subscribe'>, target: () => WebContents | undefined): () => void {
  return api.subscribe((event, payload) => {
    const contents = target();
    if (!contents || contents.isDestroyed()) return;
    sendEvent(contents, API_EVENT_CHANNEL, ...([event, payload] as IpcEventChannels['api:event']));
  });
}
