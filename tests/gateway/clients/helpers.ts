// Shared by the connect/disconnect tests: a temp data dir with a config store, and one-call connect.
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { clientInfo, type ClientId } from '../../../electron/gateway/clients/client-kinds.js';
import { readClientConfig } from '../../../electron/gateway/clients/config-file.js';
import { applyConnect, planConnect, type ConnectRequest } from '../../../electron/gateway/clients/connect-client.js';
import { readClientEntries } from '../../../electron/gateway/clients/read-entries.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { tempDir } from './fixtures.js';

export const LAUNCHER = { command: '/usr/bin/node', args: ['/opt/portcullis/bin/portcullis.js'], env: {} };
export const BASE_URL = 'http://127.0.0.1:7337';

export interface Workspace {
  dir: string;
  dataDir: string;
  store: ConfigStore;
  close(): Promise<void>;
}

export async function workspace(prefix: string): Promise<Workspace> {
  const temp = await tempDir(prefix);
  const dataDir = path.join(temp.dir, 'data');
  const store = await ConfigStore.open(dataDir);
  return {
    dir: temp.dir,
    dataDir,
    store,
    close: async () => {
      store.close();
      await temp.remove();
    },
  };
}

export async function connect(ws: Workspace, client: ClientId, file: string, extra: Partial<ConnectRequest> = {}) {
  const plan = await planConnect({ store: ws.store, client, file, baseUrl: BASE_URL, launcher: LAUNCHER, dataDir: ws.dataDir, ...extra });
  const result = await applyConnect(plan, { store: ws.store, dataDir: ws.dataDir });
  return { plan, result };
}

export async function entriesIn(client: ClientId, file: string) {
  const config = await readClientConfig(file, { allowsComments: clientInfo(client).allowsComments });
  return readClientEntries(client, config.file, config.doc, 'user', new Set([7337]));
}

export async function backupsOf(dataDir: string): Promise<string[]> {
  return readdir(path.join(dataDir, 'backups'), { recursive: true }).catch(() => []);
}
