// `portcullis serve` in one call: the app, its Api, and the headless host on the gateway's listener.
import type { PortcullisClient } from '../../../shared/api.js';
import { Portcullis, type PortcullisOptions } from '../portcullis.js';
import { createCoreApi } from '../api/core-api.js';
import { HeadlessHost } from './headless-host.js';
import { RUNTIME_FILE, writeRuntimeFile, type RuntimeInfo } from '../store/runtime-file.js';

export { RUNTIME_FILE, type RuntimeInfo };

export interface HeadlessApp {
  app: Portcullis;
  api: PortcullisClient;
  host: HeadlessHost;
  /** Open this in a browser to sign in to the UI. */
  loginUrl: string;
  close(): Promise<void>;
}

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
  await writeRuntimeFile(app.dataDir, runtime);
  return host;
}
