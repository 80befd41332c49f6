// Three `portcullis serve` replicas behind HAProxy with the shipped deploy/haproxy.cfg: MCP
// sessions stick to the replica holding their upstream; a replica killed with SIGKILL leaves
// its sessions a 404 (the client starts a new session, per the spec) and new sessions work.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { tinyStdio, INIT_HEADERS } from '../helpers/tiny.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { haproxyMissing, startHaproxy, type RunningHaproxy } from '../helpers/haproxy.js';
import { prepareTeamConfig, startReplicas, type Replica, type TeamConfig } from '../helpers/replicas.js';

const missing = haproxyMissing();
if (missing) console.warn(`team-lb tests skipped: ${missing}`);

const SESSIONS = 9;
const CALLS_PER_SESSION = 3;

/** The replica a tiny server belongs to: its parent process. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

describe.skipIf(missing)('replicas behind HAProxy', () => {
  let config: TeamConfig;
  let replicas: Replica[] = [];
  let lb: RunningHaproxy;
  let token: string;
  const endpoint = () => `${lb.url}/mcp/tiny`;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    config = await prepareTeamConfig({ servers: { tiny: tinyStdio() }, policies: { tiny: { version: '1', default: 'allow' } }, grants: ['team'] });
    token = config.tokens.team!;
    // The balancer's address is known only once its port is picked; the replicas must answer to
    // it (Host check), so pick it first by starting HAProxy with no replicas, then restart.
    const probe = await startHaproxy([]);
    const lbHost = probe.host;
    await probe.stop();
    replicas = await startReplicas(config, 3, ['--allow-host', lbHost]);
    lb = await startHaproxy(replicas.map((r) => r.address), lbHost);
  }, 120_000);

  afterAll(async () => {
    await lb?.stop();
    await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
    if (config) await rm(config.dir, { recursive: true, force: true });
  });

  test('every request of a session reaches the replica that opened it; sessions spread over all three', async () => {
    const replicaOf = new Map<number, string>(replicas.map((r) => [r.pid, r.name]));
    const used = new Set<string>();
    for (let s = 0; s < SESSIONS; s++) {
      const client = await connectHttpClient(endpoint(), auth(), `session-${s}`);
      const pids = new Set<string>();
      for (let c = 0; c < CALLS_PER_SESSION; c++) pids.add(textOf(await client.callTool({ name: 'whoami', arguments: {} })));
      // One upstream process answered every call: the session never moved.
      expect(pids.size).toBe(1);
      const replica = replicaOf.get(parentOf(Number([...pids][0])));
      expect(replica).toBeDefined();
      used.add(replica!);
      await client.close();
    }
    expect([...used].sort()).toEqual(['r1', 'r2', 'r3']);
  });

  test('a replica killed with SIGKILL: its session gets 404 through the balancer, a new session works', async () => {
    const client = await connectHttpClient(endpoint(), auth(), 'doomed');
    const pid = Number(textOf(await client.callTool({ name: 'whoami', arguments: {} })));
    const home = replicas.find((r) => r.pid === parentOf(pid))!;
    const sessionId = (client.transport as { sessionId?: string }).sessionId!;
    await home.stop('SIGKILL');
    replicas = replicas.filter((r) => r !== home);

    // The raw protocol: the session's requests go to a live replica, which never had it.
    const raw = await fetch(endpoint(), {
      method: 'POST',
      headers: { ...INIT_HEADERS, ...auth(), 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'whoami', arguments: {} } }),
    });
    expect(raw.status).toBe(404);
    await raw.body?.cancel();
    // The SDK client sees the same 404 as a StreamableHTTPError; it then opens a new session.
    const failure = await client.callTool({ name: 'whoami', arguments: {} }).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(StreamableHTTPError);
    expect((failure as StreamableHTTPError).code).toBe(404);
    await client.close().catch(() => undefined);

    const fresh = await connectHttpClient(endpoint(), auth(), 'after-the-crash');
    const freshPid = Number(textOf(await fresh.callTool({ name: 'whoami', arguments: {} })));
    expect(replicas.map((r) => r.pid)).toContain(parentOf(freshPid));
    await fresh.close();
  });

  test('the health check answers through the balancer without a token; /mcp without one is refused', async () => {
    expect((await fetch(`${lb.url}/healthz`)).status).toBe(200);
    const refused = await fetch(endpoint(), { method: 'POST', headers: INIT_HEADERS, body: '{}' });
    expect(refused.status).toBe(401);
    await refused.body?.cancel();
  });
});
