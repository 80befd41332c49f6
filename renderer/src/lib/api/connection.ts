// What the UI knows about its link to the gateway, beyond the Api contract itself:
// whether the live event stream is up, and whether it came back after a drop (events
// may have been missed, so the stores reload what they show). While it is down, why:
// the gateway cannot be reached (stopped), or it refuses this window's sign-in (it
// restarted with a new admin token, so the session cookie is void).
import type { PortcullisClient } from '../../../../shared/api.js';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unreachable' | 'signed-out';

export interface ConnectionChange {
  state: ConnectionState;
  /** True when the stream is open again after a drop. */
  resumed: boolean;
}

export interface AppClient extends PortcullisClient {
  /** 'ipc' inside Electron, 'http' in a browser. */
  readonly transport: 'ipc' | 'http';
  onConnection(listener: (change: ConnectionChange) => void): () => void;
}
