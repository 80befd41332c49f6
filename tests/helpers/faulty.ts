// The misbehaving fixture server (tests/fixtures/servers/faulty-server.mjs) as an upstream config.
import path from 'node:path';
import type { UpstreamConfig } from '../../shared/config.js';

export const FAULTY_ENTRY = path.resolve('tests/fixtures/servers/faulty-server.mjs');

export function faultyStdio(env: Record<string, string> = {}): UpstreamConfig {
  return { transport: 'stdio', command: process.execPath, args: [FAULTY_ENTRY], env };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
