// Registers the bundled demo server as `demo-odoo` and gives it the demo policy, for
// `portcullis serve --demo` and the UI's "Try the demo". Safe to call every time: an
// existing registration is kept (its command is refreshed if the install moved) and a
// policy the person already has, edited or not, is never overwritten.
import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StdioServerConfig } from '../../../shared/config.js';
import { addServer, updateServer } from '../config/servers.js';
import { POLICIES_DIR, writePolicyFile } from '../policy/policy-files.js';
import type { ConfigStore } from '../store/config-store.js';
import { sameUpstream } from '../clients/server-ids.js';
import { DEMO_POLICY } from './demo-policy.js';

export const DEMO_SERVER_ID = 'demo-odoo';

/** The compiled demo server: beside this module in dist/, or in dist/ when run from source. */
export function demoServerEntry(): string {
  const candidates = [new URL('./demo-server.js', import.meta.url), new URL('../../../dist/electron/gateway/demo/demo-server.js', import.meta.url)].map((url) => fileURLToPath(url));
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`the demo server is not built (looked for ${candidates.join(' and ')}); run \`npm run build\``);
  return found;
}

/** Started with this process's own runtime; under Electron that binary acts as node with ELECTRON_RUN_AS_NODE. */
export function demoUpstream(): StdioServerConfig {
  return { transport: 'stdio', command: process.execPath, args: [demoServerEntry()], env: process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {} };
}

export interface DemoInstall {
  serverId: string;
  addedServer: boolean;
  wrotePolicy: boolean;
}

export async function installDemo(store: ConfigStore, dataDir: string): Promise<DemoInstall> {
  const upstream = demoUpstream();
  const existing = store.server(DEMO_SERVER_ID);
  if (!existing) await addServer(store, DEMO_SERVER_ID, upstream);
  else if (!sameUpstream(existing.upstream, upstream)) await updateServer(store, DEMO_SERVER_ID, { upstream });

  const policyFile = path.join(dataDir, POLICIES_DIR, `${DEMO_SERVER_ID}.json`);
  const hasPolicy = await access(policyFile).then(() => true, () => false);
  if (!hasPolicy) {
    const result = await writePolicyFile(dataDir, DEMO_SERVER_ID, DEMO_POLICY);
    if (!result.ok) throw new Error(`the demo policy is invalid: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
  return { serverId: DEMO_SERVER_ID, addedServer: !existing, wrotePolicy: !hasPolicy };
}
