// Several `portcullis serve` replicas deployed the way a team deploys them: the same
// config.json and policies/ copied to each replica's own data directory, each on its own port.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigStore } from '../../electron/gateway/store/config-store.js';
import { addServer } from '../../electron/gateway/config/servers.js';
import { createGrant } from '../../electron/gateway/config/grants.js';
import type { UpstreamConfig } from '../../shared/config.js';
import { freePort } from './everything.js';
import { startServe } from './cli.js';

export interface TeamConfig {
  /** The directory holding config.json and policies/ to copy. */
  dir: string;
  /** Grant name → token. */
  tokens: Record<string, string>;
}

export async function prepareTeamConfig(options: { servers: Record<string, UpstreamConfig>; policies?: Record<string, unknown>; grants: string[] }): Promise<TeamConfig> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-team-config-'));
  const store = await ConfigStore.open(dir);
  for (const [id, upstream] of Object.entries(options.servers)) await addServer(store, id, upstream);
  const tokens: Record<string, string> = {};
  for (const name of options.grants) tokens[name] = (await createGrant(store, name)).token;
  store.close();
  await mkdir(path.join(dir, 'policies'), { recursive: true });
  for (const [id, policy] of Object.entries(options.policies ?? {})) {
    await writeFile(path.join(dir, 'policies', `${id}.json`), JSON.stringify(policy, null, 2));
  }
  return { dir, tokens };
}

export interface Replica {
  name: string;
  dataDir: string;
  /** host:port it listens on. */
  address: string;
  pid: number;
  /** Stops it and removes its data directory (kept with `keepDataDir`; the next stop removes it). */
  stop(signal?: NodeJS.Signals, options?: { keepDataDir?: boolean }): Promise<number | null>;
}

/** Starts `count` replicas on copies of `config`; `args` are added to each `serve` (e.g. --store, --allow-host). */
export async function startReplicas(config: TeamConfig, count: number, args: string[] = []): Promise<Replica[]> {
  const replicas: Replica[] = [];
  for (let i = 1; i <= count; i++) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), `portcullis-replica${i}-`));
    await cp(path.join(config.dir, 'config.json'), path.join(dataDir, 'config.json'));
    await cp(path.join(config.dir, 'policies'), path.join(dataDir, 'policies'), { recursive: true });
    const port = await freePort();
    const serve = await startServe(dataDir, ['--port', String(port), ...args]);
    replicas.push({
      name: `r${i}`,
      dataDir,
      address: new URL(serve.url).host,
      pid: serve.child.pid!,
      async stop(signal, options = {}) {
        const code = await serve.stop(signal);
        if (!options.keepDataDir) await rm(dataDir, { recursive: true, force: true });
        return code;
      },
    });
  }
  return replicas;
}
