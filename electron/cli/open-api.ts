// The CLI's one door into the core: the Api of the gateway running for this data
// directory (over HTTP), or, when none runs, the core opened in this process without its
// HTTP listener or upstream connections. Either way a command sees the same typed Api,
// inputs checked against the contract and its decisions recorded as the CLI's.
//
// The in-process core holds the data directory's gateway lock while the command runs, so a
// gateway starting meanwhile waits for it instead of both writing the same files.
import type { PortcullisApi } from '../../shared/api.js';
import { ensureDataDir, resolveDataDir } from '../gateway/store/data-dir.js';
import { acquireGatewayLock, GatewayRunningError, type GatewayLock } from '../gateway/store/gateway-lock.js';
import type { DataDirOption } from './context.js';
import { CliError, warn } from './output.js';
import { findRunningGateway, type RunningGateway } from './running-gateway.js';

export interface CliDoor {
  api: PortcullisApi;
  /** Set when a running gateway answers; undefined when the core runs in this process. */
  gateway: RunningGateway | undefined;
}

/** How long a gateway that holds the lock but does not answer yet (starting) is waited for. */
const GATEWAY_START_WAIT_MS = 5_000;
const POLL_MS = 200;

export async function withApi<T>(options: DataDirOption, run: (door: CliDoor) => Promise<T>): Promise<T> {
  const dataDir = resolveDataDir(options.dataDir);
  const gateway = await findRunningGateway(dataDir);
  if (gateway) return run({ api: gateway.api, gateway });
  const held = await lockForCommand(dataDir);
  if (!('release' in held)) return run({ api: held.api, gateway: held }); // a gateway finished starting meanwhile
  try {
    const note = (message: string) => void process.stderr.write(`${message}\n`);
    // The core is loaded only when no gateway answers: a command sent to a running one, and
    // `connect`, start without it.
    const [{ Portcullis }, { createCoreApi }, { actingAs }] = await Promise.all([
      import('../gateway/portcullis.js'),
      import('../gateway/api/core-api.js'),
      import('../gateway/api/call-api.js'),
    ]);
    const app = await Portcullis.start({ dataDir, listen: false, superviseUpstreams: false, log: warn });
    try {
      // Nothing else lists a server's tools here, so the Api lists a new one's once when asked.
      return await run({ api: actingAs(createCoreApi(app, 'headless', { listUnlisted: { note } }), 'cli'), gateway: undefined });
    } finally {
      await app.close(); // writes what the command changed (catalog reviews, counters)
    }
  } finally {
    await held.release();
  }
}

/** The data directory's lock for this command, or the gateway holding it once that answers. */
async function lockForCommand(dataDir: string): Promise<GatewayLock | RunningGateway> {
  await ensureDataDir(dataDir);
  const deadline = performance.now() + GATEWAY_START_WAIT_MS;
  for (;;) {
    try {
      return await acquireGatewayLock(dataDir, { holder: 'cli' });
    } catch (error) {
      if (!(error instanceof GatewayRunningError)) throw error;
      if (error.holder === 'cli') throw new CliError(error.message); // another command, waited for already
      const gateway = await findRunningGateway(dataDir);
      if (gateway) return gateway;
      if (performance.now() >= deadline) {
        throw new CliError(
          `a Portcullis gateway (pid ${error.pid}) holds ${dataDir} but does not answer${error.url ? ` at ${error.url}` : ''}, ` +
            `so this command can neither ask it nor open the data directory itself: wait for it to finish starting, or stop it. ` +
            `(If process ${error.pid} is not Portcullis, delete ${error.lockFile}.)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
