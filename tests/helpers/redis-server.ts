// A real redis-server for team-mode tests: Debian's binary on a free loopback port, no
// persistence (--save '' --appendonly no), its own temp dir, stopped by the test. It can be
// stopped and started again on the same port (a Redis outage mid-test). Where the binary is
// absent the suites fail saying what to install (see test-binary.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { RedisLink } from '../../electron/gateway/store/redis/redis-link.js';
import { parseRedisUrl } from '../../electron/gateway/store/redis/redis-url.js';
import { waitFor } from './wait-for.js';
import { testBinaryPresent } from './test-binary.js';

export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export const redisAvailable = testBinaryPresent(existsSync(REDIS_SERVER_BIN), `no redis-server at ${REDIS_SERVER_BIN} (apt-get install redis-server, or set REDIS_SERVER_BIN)`);

/** `describe`, or (when skipping missing programs was asked for) `describe.skip` naming the binary. */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisAvailable) describe(name, body);
  else describe.skip(`${name} (skipped: no redis-server at ${REDIS_SERVER_BIN}; apt-get install redis-server or set REDIS_SERVER_BIN)`, body);
}

export interface TestRedis {
  port: number;
  /** `redis://127.0.0.1:<port>` (add `/<db>` for another database). */
  url: string;
  /** Stops the server (SIGKILL: an outage, not a clean shutdown). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/** A free loopback port (listen on 0, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`redis-server exited with ${child.exitCode}: ${output()}`));
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`redis-server did not listen on ${port}: ${output()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    output = '';
    const proc = spawn(
      REDIS_SERVER_BIN,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.stdout!.on('data', (d) => (output += d));
    proc.stderr!.on('data', (d) => (output += d));
    child = proc;
    await waitForPort(port, proc, () => output);
  };

  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The suite's own redis-server (started in beforeAll) and connected links to it; afterAll
 * closes every link, then the server. Call inside `describeWithRedis`.
 */
export function useRedisLinks(): { readonly redis: TestRedis; connect(): Promise<RedisLink> } {
  let redis: TestRedis | undefined;
  const links: RedisLink[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(links.map((link) => link.close()));
    await redis?.close();
  });
  return {
    get redis() {
      if (!redis) throw new Error('useRedisLinks: the server starts in beforeAll');
      return redis;
    },
    async connect() {
      const link = new RedisLink(parseRedisUrl(this.redis.url));
      links.push(link);
      await link.connect();
      await waitFor(() => link.connected, { what: 'the link to Redis' });
      return link;
    },
  };
}
