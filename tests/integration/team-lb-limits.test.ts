// Team mode as a team deploys it: three `portcullis serve --store redis://…` replicas on one
// real redis-server behind real HAProxy (the shipped deploy/haproxy.cfg). 500 calls at once from
// 20 sessions of 3 grants, spread over the replicas by the balancer, admit exactly what the
// limits allow per scope (grant, session, global), counted where they arrive: at the upstream.
import { readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeWithRedis, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { connectHttpClient } from '../helpers/sdk-client.js';
import { haproxyMissing, startHaproxy, type RunningHaproxy } from '../helpers/haproxy.js';
import { prepareTeamConfig, startReplicas, type Replica, type TeamConfig } from '../helpers/replicas.js';
import { tinyStdio } from '../helpers/tiny.js';

const GRANTS = ['alice', 'bob', 'carol'];
const SESSIONS = 20; // alice 7, bob 7, carol 6
const ECHO_PER_SESSION = 15;
const WHOAMI_PER_SESSION = 10; // 20 × 25 = 500 calls
const GRANT_MAX = 65;
const SESSION_MAX = 10;
const GLOBAL_MAX = 30;
// Windows of an hour: the whole run fits in one, so what is admitted does not depend on how long it takes.
const POLICY = {
  version: '1',
  default: 'deny',
  tools: {
    echo: {
      limits: [
        { counter: 'echo', window: 'hour', max: GRANT_MAX, scope: 'grant' },
        { counter: 'echo_session', window: 'hour', max: SESSION_MAX, scope: 'session' },
      ],
    },
    whoami: { rate_limit: { max: GLOBAL_MAX, window: 'hour', scope: 'global' } },
  },
};

const missing = haproxyMissing();

describeWithRedis('replicas on one Redis behind HAProxy', () => {
  let redis: TestRedis;
  let config: TeamConfig;
  let replicas: Replica[] = [];
  let lb: RunningHaproxy | undefined;
  const callLog = path.join(os.tmpdir(), `portcullis-team-lb-calls-${process.pid}.jsonl`);
  const clients: Client[] = [];

  beforeAll(async () => {
    if (missing) return;
    redis = await startRedis();
    config = await prepareTeamConfig({ servers: { tiny: tinyStdio({ TINY_CALL_LOG: callLog }) }, policies: { tiny: POLICY }, grants: GRANTS });
    const probe = await startHaproxy([]);
    const lbHost = probe.host;
    await probe.stop();
    replicas = await startReplicas(config, 3, ['--store', redis.url, '--allow-host', lbHost]);
    lb = await startHaproxy(replicas.map((r) => r.address), lbHost);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await lb?.stop();
    await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
    await redis?.close();
    if (config) await rm(config.dir, { recursive: true, force: true });
    await rm(callLog, { force: true });
  });

  test.skipIf(missing)('500 calls at once admit exactly what the limits allow, per grant, per session and globally', { timeout: 300_000 }, async () => {
    const sessions: { client: Client; grant: string; tag: string }[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const grant = GRANTS[i % GRANTS.length]!;
      const client = await connectHttpClient(`${lb!.url}/mcp/tiny`, { Authorization: `Bearer ${config.tokens[grant]}` }, `session-${i}`);
      clients.push(client);
      sessions.push({ client, grant, tag: `${grant}/${i}` });
    }
    const calls = sessions.flatMap(({ client, tag }) => [
      ...Array.from({ length: ECHO_PER_SESSION }, (_, n) => client.callTool({ name: 'echo', arguments: { text: `${tag}/${n}` } })),
      ...Array.from({ length: WHOAMI_PER_SESSION }, () => client.callTool({ name: 'whoami', arguments: { tag } })),
    ]);
    expect(calls).toHaveLength(500);
    const results = await Promise.all(calls);
    const admitted = results.filter((r) => r.isError !== true).length;

    const reached = (await readFile(callLog, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { name: string; arguments: { text?: string; tag?: string } });
    const echoes = reached.filter((c) => c.name === 'echo').map((c) => c.arguments.text!);
    const perGrant = (grant: string) => echoes.filter((t) => t.startsWith(`${grant}/`)).length;
    const perSession = new Map<string, number>();
    for (const text of echoes) {
      const session = text.split('/').slice(0, 2).join('/');
      perSession.set(session, (perSession.get(session) ?? 0) + 1);
    }
    // alice and bob have 7 sessions (70 by the session limit): the grant limit binds at 65.
    expect(perGrant('alice')).toBe(GRANT_MAX);
    expect(perGrant('bob')).toBe(GRANT_MAX);
    // carol has 6 sessions: the session limit binds, 10 each.
    expect(perGrant('carol')).toBe(6 * SESSION_MAX);
    expect(Math.max(...perSession.values())).toBeLessThanOrEqual(SESSION_MAX);
    expect(reached.filter((c) => c.name === 'whoami')).toHaveLength(GLOBAL_MAX);
    // What the clients were told matches what reached the upstream: nothing admitted went missing.
    expect(admitted).toBe(reached.length);
    expect(reached).toHaveLength(2 * GRANT_MAX + 6 * SESSION_MAX + GLOBAL_MAX);
    // And the balancer did spread the sessions: every replica's own call log holds some of the calls.
    // (Each replica writes its call log once a second; stopping it flushes the rest.)
    await Promise.all(replicas.map((r) => r.stop('SIGTERM', { keepDataDir: true })));
    const logged = await Promise.all(
      replicas.map(async (r) => {
        const files = await readdir(path.join(r.dataDir, 'logs')).catch(() => [] as string[]);
        let lines = 0;
        for (const file of files) lines += (await readFile(path.join(r.dataDir, 'logs', file), 'utf8')).split('\n').filter(Boolean).length;
        return lines;
      }),
    );
    expect(logged.every((n) => n > 0), `calls logged per replica: ${logged.join(', ')}`).toBe(true);
    expect(logged.reduce((a, b) => a + b, 0)).toBe(500);
  });
});
