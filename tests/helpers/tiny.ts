// The lightest fixture upstream (tests/fixtures/servers/tiny-server.mjs), and ways to count
// its processes and to open raw sessions on a gateway without an SDK client.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { UpstreamConfig } from '../../shared/config.js';

export const TINY_ENTRY = path.resolve('tests/fixtures/servers/tiny-server.mjs');

export function tinyStdio(env: Record<string, string> = {}): UpstreamConfig {
  return { transport: 'stdio', command: process.execPath, args: [TINY_ENTRY], env };
}

/**
 * Live processes running the tiny fixture that descend from this test process (read from
 * /proc; empty where there is no /proc). Other test files run in other worker processes at
 * the same time and start tiny servers of their own: those are not counted.
 */
export function tinyProcesses(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const parentOf = new Map<number, number>();
  const tiny: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state, ppid, …
      parentOf.set(Number(entry), Number(fields[1]));
      if (fields[0] !== 'Z' && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(TINY_ENTRY)) tiny.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  const descends = (pid: number) => {
    for (let at = parentOf.get(pid), hops = 0; at !== undefined && at > 1 && hops < 16; at = parentOf.get(at), hops++) {
      if (at === process.pid) return true;
    }
    return false;
  };
  return tiny.filter(descends);
}

export const INIT_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

export function initializeBody(clientInfo: Record<string, unknown> = { name: 'raw-client', version: '1.0.0' }): string {
  return JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo } });
}

export interface RawAnswer {
  status: number;
  sessionId?: string;
  body: string;
}

/** POSTs an initialize; the answer's status, session id and body. */
export async function openRawSession(url: string, token: string, clientInfo?: Record<string, unknown>): Promise<RawAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { ...INIT_HEADERS, authorization: `Bearer ${token}` }, body: initializeBody(clientInfo) });
  return { status: response.status, sessionId: response.headers.get('mcp-session-id') ?? undefined, body: await response.text() };
}
