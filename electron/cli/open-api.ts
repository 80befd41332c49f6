// The CLI's one door into the core: the Api of the gateway running for this data
// directory (over HTTP), or, when none runs, the core opened in this process without its
// HTTP listener or upstream connections. Either way a command sees the same typed Api,
// inputs checked against the contract and its decisions recorded as the CLI's.
import type { PortcullisApi } from '../../shared/api.js';
import { actingAs } from '../gateway/api/call-api.js';
import { createCoreApi } from '../gateway/api/core-api.js';
import { Portcullis } from '../gateway/portcullis.js';
import { resolveDataDir } from '../gateway/store/data-dir.js';
import type { DataDirOption } from './context.js';
import { warn } from './output.js';
import { findRunningGateway, type RunningGateway } from './running-gateway.js';

export interface CliDoor {
  api: PortcullisApi;
  /** Set when a running gateway answers; undefined when the core runs in this process. */
  gateway: RunningGateway | undefined;
}

export async function withApi<T>(options: DataDirOption, run: (door: CliDoor) => Promise<T>): Promise<T> {
  const dataDir = resolveDataDir(options.dataDir);
  const gateway = await findRunningGateway(dataDir);
  if (gateway) return run({ api: gateway.api, gateway });
  const note = (message: string) => void process.stderr.write(`${message}\n`);
  const app = await Portcullis.start({ dataDir, listen: false, superviseUpstreams: false, log: warn });
  try {
    // Nothing else lists a server's tools here, so the Api lists a new one's once when asked.
    return await run({ api: actingAs(createCoreApi(app, 'headless', { listUnlisted: { note } }), 'cli'), gateway: undefined });
  } finally {
    await app.close(); // writes what the command changed (catalog reviews, counters)
  }
}
