// Starts Debian's HAProxy with the shipped deploy/haproxy.cfg (unchanged: the addresses come
// from its environment variables) on a free loopback port, in front of up to three replicas.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './everything.js';
import { testBinaryPresent } from './test-binary.js';

export const HAPROXY_BIN = '/usr/sbin/haproxy';
export const HAPROXY_CONFIG = path.resolve('deploy/haproxy.cfg');

/** Why HAProxy cannot run here (only when skipping missing programs was asked for), or undefined when it can. */
export function haproxyMissing(): string | undefined {
  const probe = spawnSync(HAPROXY_BIN, ['-v'], { encoding: 'utf8' });
  const reason = `HAProxy is not installed (${HAPROXY_BIN}; Debian package haproxy)`;
  return testBinaryPresent(!probe.error && probe.status === 0, reason) ? undefined : reason;
}

export interface RunningHaproxy {
  /** host:port clients connect to, e.g. 127.0.0.1:41234 */
  host: string;
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `replicas`: the replicas' listen addresses (host:port), at most three (the shipped config names r1..r3). */
export async function startHaproxy(replicas: string[], bind?: string): Promise<RunningHaproxy> {
  if (replicas.length > 3) throw new Error('deploy/haproxy.cfg names three replicas');
  const host = bind ?? `127.0.0.1:${await freePort()}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORTCULLIS_LB_BIND: host };
  // Unused slots point at a closed port: HAProxy marks them down at the first check.
  const closed = `127.0.0.1:${await freePort()}`;
  for (let i = 0; i < 3; i++) env[`PORTCULLIS_R${i + 1}`] = replicas[i] ?? closed;
  const child = spawn(HAPROXY_BIN, ['-db', '-f', HAPROXY_CONFIG], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://${host}`;
  // Ready once it accepts connections (any HTTP answer: with no live replica it is a 503).
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}: ${output}`);
    try {
      const answer = await fetch(`${url}/healthz`);
      await answer.body?.cancel();
      if (replicas.length === 0 || answer.ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 200) {
      child.kill('SIGKILL');
      throw new Error(`haproxy did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    host,
    url,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
