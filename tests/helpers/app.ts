// Starts the whole headless app (policy, catalog, approvals, call log, Api) on a temp data dir.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startHeadless, type HeadlessApp } from '../../electron/gateway/host/start-headless.js';
import { addServer } from '../../electron/gateway/config/servers.js';
import { createGrant } from '../../electron/gateway/config/grants.js';
import type { ApprovalResolution } from '../../shared/approvals.js';
import type { UpstreamConfig } from '../../shared/config.js';

export const ODOO_FIXTURE_SERVER = path.resolve('tests/fixtures/servers/odoo-fixture-server.mjs');

export function odooFixture(env: Record<string, string> = {}): UpstreamConfig {
  return { transport: 'stdio', command: process.execPath, args: [ODOO_FIXTURE_SERVER], env };
}

export interface TestApp extends HeadlessApp {
  dataDir: string;
  grant(name: string): Promise<string>;
  endpoint(serverId: string): string;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  servers?: Record<string, UpstreamConfig>;
  policies?: Record<string, unknown>;
  dataDir?: string;
  superviseUpstreams?: boolean;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'portcullis-app-')));
  await mkdir(path.join(dataDir, 'policies'), { recursive: true });
  for (const [id, policy] of Object.entries(options.policies ?? {})) {
    await writeFile(path.join(dataDir, 'policies', `${id}.json`), JSON.stringify(policy, null, 2));
  }
  const headless = await startHeadless({ dataDir, port: 0, host: '127.0.0.1', superviseUpstreams: options.superviseUpstreams ?? false });
  for (const [id, upstream] of Object.entries(options.servers ?? {})) {
    if (!headless.app.gateway.config.server(id)) await addServer(headless.app.gateway.config, id, upstream);
  }
  await headless.app.gateway.reconcile();
  return {
    ...headless,
    dataDir,
    grant: async (name) => (await createGrant(headless.app.gateway.config, name)).token,
    endpoint: (id) => headless.app.gateway.endpoint(id),
    async stop() {
      await headless.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The Odoo fixture server under `policy`, a grant named "agent" (its token), and every approval
 * resolution the app announces from then on, in order: the approval suites' common start.
 */
export async function startAgentApp(policy: unknown): Promise<{ app: TestApp; token: string; resolutions: ApprovalResolution[] }> {
  const app = await startTestApp({ servers: { odoo: odooFixture() }, policies: { odoo: policy } });
  const token = await app.grant('agent');
  const resolutions: ApprovalResolution[] = [];
  app.api.subscribe((event, payload) => {
    if (event === 'approval-resolved') resolutions.push(payload as ApprovalResolution);
  });
  return { app, token, resolutions };
}
