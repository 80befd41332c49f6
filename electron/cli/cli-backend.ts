// Who answers the policy, catalog and calls commands. A running gateway, through its Api,
// when there is one: it holds what is not on disk yet (the last good policy when the file
// was refused, live counters, calls not yet flushed) and applies a change the moment the
// command returns. Otherwise the files in the data directory (LocalBackend).
import type { PortcullisApi } from '../../shared/api.js';
import { resolveDataDir } from '../gateway/store/data-dir.js';
import { ConfigStore } from '../gateway/store/config-store.js';
import type { DataDirOption } from './context.js';
import { LocalBackend } from './local-backend.js';
import { GatewayApiError, findRunningGateway, type RunningGateway } from './running-gateway.js';

export type CliApi = Pick<PortcullisApi, 'getPolicy' | 'savePolicy' | 'testPolicy' | 'recommendPolicy' | 'listCatalog' | 'reviewTool' | 'queryCalls'>;

export interface CliBackend extends CliApi {
  /** Set when a running gateway answers. */
  readonly gateway: RunningGateway | undefined;
  close(): Promise<void>;
}

/** How long a gateway may take to notice a server that config.json already has (it reloads on change). */
const CATCH_UP_MS = 2_000;

export async function withBackend<T>(options: DataDirOption, run: (backend: CliBackend) => Promise<T>): Promise<T> {
  const dataDir = resolveDataDir(options.dataDir);
  const gateway = await findRunningGateway(dataDir);
  const backend = gateway ? gatewayBackend(gateway, dataDir) : await LocalBackend.open(dataDir);
  try {
    return await run(backend);
  } finally {
    await backend.close();
  }
}

function gatewayBackend(gateway: RunningGateway, dataDir: string): CliBackend {
  /** `server add x && policy set x …`: the gateway may be a moment behind config.json. */
  const forServer = async <T>(serverId: string, call: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + CATCH_UP_MS;
    for (;;) {
      try {
        return await call();
      } catch (error) {
        const unknownServer = error instanceof GatewayApiError && error.code === 'not-found' && error.message.startsWith('no server named');
        if (!unknownServer || Date.now() > deadline || !(await ConfigStore.open(dataDir)).server(serverId)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  return {
    gateway,
    getPolicy: (input) => forServer(input.serverId, () => gateway.call('getPolicy', input)),
    savePolicy: (input) => forServer(input.serverId, () => gateway.call('savePolicy', input)),
    testPolicy: (input) => forServer(input.serverId, () => gateway.call('testPolicy', input)),
    recommendPolicy: (input) => forServer(input.serverId, () => gateway.call('recommendPolicy', input)),
    listCatalog: (input) => forServer(input.serverId, () => gateway.call('listCatalog', input)),
    reviewTool: (input) => gateway.call('reviewTool', input),
    queryCalls: (input) => gateway.call('queryCalls', input),
    close: async () => undefined,
  };
}
