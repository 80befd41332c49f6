// The lightest fixture upstream (tests/fixtures/servers/tiny-server.mjs), and ways to count
// its processes and to open raw sessions on a gateway without an SDK client.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { UpstreamConfig } from '../../shared/config.js';

export const TINY_ENTRY = path.resolve('tests/fixtures/servers/tiny-server.mjs');

export function tinyStdio(env: Record<string, string> = {}): UpstreamConfig {
  return { transport: 'stdio', command: process.execPath, args: [TINY_ENTRY], env };
}

/** Live processes running the tiny fixture (read from /proc; empty where there is no /proc). */
export function tinyProcesses(): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(TINY_ENTRY) && !readFileSync(`/proc/${entry}/stat`, 'utf8').includes(') Z ')) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
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
