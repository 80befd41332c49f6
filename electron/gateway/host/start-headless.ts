// `portcullis serve` in one call: the app, its Api, and the headless host on the gateway's listener.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PortcullisClient } from '../../../shared/api.js';
import { Portcullis, type PortcullisOptions } from '../portcullis.js';
import { createCoreApi } from '../api/core-api.js';
import { HeadlessHost } from './headless-host.js';

export interface HeadlessApp {
  app: Portcullis;
  api: PortcullisClient;
  host: HeadlessHost;
  /** Open this in a browser to sign in to the UI. */
  loginUrl: string;
  close(): Promise<void>;
}

export interface RuntimeInfo {
  pid: number;
  url: string;
  adminToken: string;
  startedAt: string;
}

export const RUNTIME_FILE = 'runtime.json';

export async function startHeadless(options: PortcullisOptions & { uiDir?: string }): Promise<HeadlessApp> {
  const app = await Portcullis.start(options);
  const api = createCoreApi(app, 'headless');
  const host = await mountHeadlessHost(app, api, options.uiDir);
  return { app, api, host, loginUrl: host.loginUrl(app.gateway.url), close: () => app.close() };
}

/**
 * The Api, the UI and runtime.json on the gateway's own listener. `serve` and the tray app
 * both call this, so the CLI and a browser reach either the same way.
 */
export async function mountHeadlessHost(app: Portcullis, api: PortcullisClient, uiDir?: string): Promise<HeadlessHost> {
  const port = app.gateway.port;
  const host = new HeadlessHost({
    client: api,
    uiDir,
    selfOrigins: () => [app.gateway.url, `http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`],
  });
  app.gateway.mount(host.handle);
  // The CLI finds a running gateway (and may use its Api) through this file, readable only by the user.
  const runtime: RuntimeInfo = { pid: process.pid, url: app.gateway.url, adminToken: host.auth.token, startedAt: new Date().toISOString() };
  await writeFile(path.join(app.dataDir, RUNTIME_FILE), JSON.stringify(runtime, null, 2) + '\n', { mode: 0o600 });
  return host;
}
