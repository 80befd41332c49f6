// The gateway core, in-process: the same Portcullis app `portcullis serve` runs, with its
// Api bound for Electron. The headless host is mounted on the gateway's listener too and
// runtime.json written, so `portcullis approve`, `approvals --follow` and a browser reach
// the running tray app exactly as they reach `portcullis serve`.
import type { PortcullisClient } from '../../../shared/api.js';
import { Portcullis, type PortcullisOptions } from '../../gateway/portcullis.js';
import { createCoreApi } from '../../gateway/api/core-api.js';
import { mountHeadlessHost } from '../../gateway/host/start-headless.js';
import { ensureDataDir } from '../../gateway/store/data-dir.js';

export interface CoreOptions {
  dataDir: string;
  port?: number;
  /** renderer/dist, for the browser UI the headless host serves. */
  uiDir: string;
  /** How secrets are protected at rest; getInfo warns when they are not encrypted. */
  secrets?: PortcullisOptions['secrets'];
  log: (message: string) => void;
}

export interface RunningCore {
  app: Portcullis;
  api: PortcullisClient;
  /** A fresh one-time login link for the browser UI (the tray's "Open in browser"). */
  loginUrl(): string;
  close(): Promise<void>;
}

export async function startCore(options: CoreOptions): Promise<RunningCore> {
  await ensureDataDir(options.dataDir);
  const app = await Portcullis.start({ dataDir: options.dataDir, port: options.port, secrets: options.secrets, log: options.log });
  const api = createCoreApi(app, 'electron');
  // The same Api over HTTP: the host records its callers as 'web', IPC as 'app'.
  const host = await mountHeadlessHost(app, api, options.uiDir);
  let closing: Promise<void> | undefined;
  return { app, api, loginUrl: () => host.loginUrl(app.gateway.url), close: () => (closing ??= app.close()) };
}
