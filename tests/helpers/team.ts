// Team mode for tests: N data directories with the same config and policies (what each
// replica of a team reads from its own disk), and `portcullis serve --store redis://…`
// replicas on them. Build first (`npm run build:core`): replicas run the real binary.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findRunningGateway, type RunningGateway } from '../../electron/cli/running-gateway.js';
import type { PortcullisApi } from '../../shared/api.js';
import { runCli, startServe } from './cli.js';

export const CLOCK_OFFSET_PRELOAD = path.resolve('tests/helpers/clock-offset.mjs');

export interface TeamSetup {
  /** Runs on the first data directory, before it is copied (add servers, grants, policies). */
  prepare(dataDir: string): Promise<void>;
  replicas: number;
}

/** One prepared data directory copied `replicas` times: the same config.json and policies/. */
export async function teamDataDirs(setup: TeamSetup): Promise<string[]> {
  const first = await mkdtemp(path.join(os.tmpdir(), 'portcullis-team-'));
  await setup.prepare(first);
  const dirs = [first];
  for (let i = 1; i < setup.replicas; i++) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-team-'));
    await cp(path.join(first, 'config.json'), path.join(dir, 'config.json'));
    await cp(path.join(first, 'policies'), path.join(dir, 'policies'), { recursive: true });
    dirs.push(dir);
  }
  return dirs;
}

/** Edits config.json's settings before the replicas start. */
export async function setSettings(dataDir: string, patch: Record<string, unknown>): Promise<void> {
  const file = path.join(dataDir, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as { settings?: Record<string, unknown> };
  config.settings = { ...config.settings, ...patch };
  await writeFile(file, JSON.stringify(config, null, 2));
}

export interface Replica {
  dataDir: string;
  url: string;
  api: PortcullisApi;
  /** Its live events (`GET /api/events`). */
  events: RunningGateway['events'];
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `portcullis serve --store <redisUrl>` on `dataDir`; `clockOffsetMs` shifts its JS clock. */
export async function startReplica(dataDir: string, redisUrl: string, options: { clockOffsetMs?: number } = {}): Promise<Replica> {
  const skew = options.clockOffsetMs ? { env: { PORTCULLIS_TEST_CLOCK_OFFSET_MS: String(options.clockOffsetMs) }, nodeArgs: ['--import', CLOCK_OFFSET_PRELOAD] } : {};
  const serve = await startServe(dataDir, ['--store', redisUrl], skew);
  const running = await findRunningGateway(dataDir);
  if (!running) throw new Error(`replica on ${dataDir} is not reachable: ${serve.output()}`);
  return { dataDir, url: serve.url, api: running.api, events: (signal) => running.events(signal), output: serve.output, stop: serve.stop };
}

export async function removeDirs(dirs: readonly string[]): Promise<void> {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

export { runCli };
