// The gateway core, in-process: the same Portcullis app `portcullis serve` runs, with its
// Api bound for Electron. The headless host is mounted on the gateway's listener too and
// runtime.json written, so `portcullis approve`, `approvals --follow` and a browser reach
// the running tray app exactly as they reach `portcullis serve`.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PortcullisClient } from '../../../shared/api.js';
import { Portcullis, type PortcullisOptions } from '../../gateway/portcullis.js';
import { createCoreApi } from '../../gateway/api/core-api.js';
import { HeadlessHost } from '../../gateway/host/headless-host.js';
import { RUNTIME_FILE, type RuntimeInfo } from '../../gateway/host/start-headless.js';
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
  close(): Promise<void>;
}

export async function startCore(options: CoreOptions): Promise<RunningCore> {
  await ensureDataDir(options.dataDir);
  const app = await Portcullis.start({ dataDir: options.dataDir, port: options.port, secrets: options.secrets, log: options.log });
  const api = createCoreApi(app, 'electron');
  const port = app.gateway.port;
  // Over HTTP the Api is the headless one: decisions made there are recorded as 'web', not 'app'.
  const host = new HeadlessHost({
    client: createCoreApi(app, 'headless'),
    uiDir: options.uiDir,
    selfOrigins: () => [app.gateway.url, `http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`],
  });
  app.gateway.mount(host.handle);
  const runtime: RuntimeInfo = { pid: process.pid, url: app.gateway.url, adminToken: host.auth.token, startedAt: new Date().toISOString() };
  await writeFile(path.join(app.dataDir, RUNTIME_FILE), JSON.stringify(runtime, null, 2) + '\n', { mode: 0o600 });
  let closing: Promise<void> | undefined;
  return { app, api, close: () => (closing ??= app.close()) };
}
