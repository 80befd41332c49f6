// Starts a real gateway on a temp data directory and a free loopback port, for tests.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Gateway, type GatewayOptions } from '../../electron/gateway/gateway.js';
import { createGrant } from '../../electron/gateway/config/grants.js';
import { addServer } from '../../electron/gateway/config/servers.js';
import type { UpstreamConfig } from '../../shared/config.js';

export const EVERYTHING_ENTRY = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

export function everythingStdio(): UpstreamConfig {
  return { transport: 'stdio', command: process.execPath, args: [EVERYTHING_ENTRY, 'stdio'], env: {} };
}

export interface TestGateway {
  gateway: Gateway;
  dataDir: string;
  token: string;
  endpoint(serverId: string): string;
  headers(token?: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startTestGateway(
  servers: Record<string, UpstreamConfig>,
  options: Partial<GatewayOptions> & { grant?: string; dataDir?: string } = {},
): Promise<TestGateway> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'portcullis-test-')));
  const gateway = await Gateway.start({ port: 0, host: '127.0.0.1', superviseUpstreams: false, ...options, dataDir });
  for (const [id, upstream] of Object.entries(servers)) {
    if (!gateway.config.server(id)) await addServer(gateway.config, id, upstream);
  }
  const { token } = await createGrant(gateway.config, options.grant ?? `test-${Math.random().toString(36).slice(2, 8)}`);
  return {
    gateway,
    dataDir,
    token,
    endpoint: (id) => gateway.endpoint(id),
    headers: (t = token) => ({ Authorization: `Bearer ${t}` }),
    async close() {
      await gateway.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
