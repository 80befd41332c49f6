// Redis away: the engine, counting through the real Redis store, fails calls under a limit
// closed with a clear message unless the policy chose fail-open for a low-risk tool; and the
// policy's `store_unreachable` is validated. A real redis-server, stopped by the test.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PolicyEngine, type PolicyTool } from '../../../../electron/gateway/policy/engine.js';
import { RedisCounterStore } from '../../../../electron/gateway/store/redis/redis-counter-store.js';
import { RedisLink } from '../../../../electron/gateway/store/redis/redis-link.js';
import { parseRedisUrl } from '../../../../electron/gateway/store/redis/redis-url.js';
import type { Policy } from '../../../../shared/policy/types.js';
import { formatIssue, validatePolicy } from '../../../../shared/policy/validate.js';
import { waitFor } from '../../../helpers/wait-for.js';
import { describeWithRedis, startRedis, type TestRedis } from '../../../helpers/redis-server.js';

function policyOf(doc: unknown): Policy {
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('; '));
  return result.policy;
}

const LIMIT = { limits: [{ counter: 'c', window: 'minute', max: 100 }] };

describeWithRedis('store_unreachable (real redis-server)', () => {
  let redis: TestRedis;
  let link: RedisLink;
  let counters: RedisCounterStore;

  beforeAll(async () => {
    redis = await startRedis();
    link = new RedisLink(parseRedisUrl(redis.url), { maxReconnectDelayMs: 200 });
    await link.connect();
    counters = new RedisCounterStore(link, 'u:');
  });
  afterAll(async () => {
    await link?.close();
    await redis?.close();
  });

  const decide = (policy: unknown, tool: PolicyTool) =>
    new PolicyEngine({ serverId: 's', policy: policyOf(policy), counters }).decide({ tool, args: {}, grant: 'g', sessionId: 'x' });

  it('counts in Redis while it is up; fails closed while it is away unless a low-risk tool may fail open; recovers when it is back', async () => {
    const policy = {
      version: '1',
      default: 'deny',
      store_unreachable: 'allow',
      tools: { write_it: LIMIT, read_it: LIMIT, pinned_open: { ...LIMIT, store_unreachable: 'allow' }, free: {} },
      risk: { read: LIMIT },
    };
    expect(await decide(policy, { name: 'write_it', riskClass: 'write' })).toMatchObject({ action: 'allow', record: { counters: [{ used: 1 }] } });

    await redis.stop();
    await waitFor(() => !link.connected, { what: 'the link to notice' });
    const closed = await decide(policy, { name: 'write_it', riskClass: 'write' });
    expect(closed).toMatchObject({ action: 'deny', record: { cause: 'limit', causePath: 'tools.write_it.limits[0]' } });
    expect(closed.action === 'deny' && closed.message).toMatch(
      new RegExp(`the shared store redis://127\\.0\\.0\\.1:${redis.port} is unreachable .*refused until it is back \\(store_unreachable: deny\\)`),
    );
    // The policy-wide allow covers read tools only; a rule's own allow covers its tool.
    expect(await decide(policy, { name: 'read_it', riskClass: 'read' })).toMatchObject({ action: 'allow', record: { counters: [] } });
    expect(await decide(policy, { name: 'pinned_open', riskClass: 'write' })).toMatchObject({ action: 'allow' });
    // No limit: Redis is not asked.
    expect(await decide(policy, { name: 'free', riskClass: 'destructive' })).toMatchObject({ action: 'allow' });
    // Without the setting, even a read tool fails closed.
    expect(await decide({ version: '1', default: 'deny', tools: { read_it: LIMIT } }, { name: 'read_it', riskClass: 'read' })).toMatchObject({ action: 'deny' });

    await redis.start();
    await waitFor(() => link.connected, { what: 'the link to reconnect' });
    expect(await decide(policy, { name: 'write_it', riskClass: 'write' })).toMatchObject({ action: 'allow', record: { counters: [{ used: 1 }] } });
  });
});

it('store_unreachable is validated: deny or allow, never allow where a person approves or for a risk class above read', () => {
  const errors = (doc: unknown) => {
    const result = validatePolicy(doc);
    return result.ok ? [] : result.errors.map(formatIssue);
  };
  expect(errors({ version: '1', default: 'deny', store_unreachable: 'allow', risk: { read: { store_unreachable: 'allow' } }, tools: { x: { store_unreachable: 'deny' } } })).toEqual([]);
  expect(errors({ version: '1', default: 'deny', store_unreachable: 'open' })[0]).toMatch(/^store_unreachable: /);
  expect(errors({ version: '1', default: 'deny', tools: { x: { action: 'approve', store_unreachable: 'allow' } } })).toEqual([
    'tools.x.store_unreachable: cannot be allow on a rule that needs approval: approvals are held in the shared store, so they fail closed',
  ]);
  expect(errors({ version: '1', default: 'deny', risk: { destructive: { store_unreachable: 'allow' } } })).toEqual([
    'risk.destructive.store_unreachable: cannot be allow for risk.destructive: fail-open is only for low-risk tools (risk.read, or a tools rule you name)',
  ]);
});
