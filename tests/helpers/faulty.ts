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

