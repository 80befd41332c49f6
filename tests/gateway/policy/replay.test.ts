// replayPolicy over records given in time order: limits replayed with their windows on the
// log's clock, requests other than tool calls, redacted arguments, calls no policy decided.
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../shared/calls.js';
import type { Policy } from '../../../shared/policy/types.js';
import { replayPolicy } from '../../../electron/gateway/policy/replay.js';

const T0 = Date.UTC(2026, 0, 5, 12);
let n = 0;
function rec(at: number, tool: string, extra: Partial<CallRecord> = {}): CallRecord {
  n++;
  return {
    id: `${at.toString(36)}${String(n).padStart(4, '0')}`,
    time: new Date(at).toISOString(),
    server: 's',
    grant: 'g',
    session: 'sess',
    tool,
    decision: 'allow',
    rule: 'default',
    upstream: 'ok',
    latency: { gatewayMs: 0, upstreamMs: 0, totalMs: 0 },
    ...extra,
  };
}
async function* stream(records: CallRecord[]) {
  yield* records;
}
const replay = (draft: Policy, records: CallRecord[]) =>
  replayPolicy({ serverId: 's', draft, activeRevision: 'x', records: stream(records), facts: () => ({}) });

describe('replayPolicy', () => {
  it('replays a limit in time order with its window: exactly the calls inside a full window are refused', async () => {
    const times = [0, 10_000, 20_000, 30_000, 61_000, 62_000].map((s) => T0 + s);
    const result = await replay({ version: '1', default: 'allow', tools: { echo: { rate_limit: { max: 3, window: 'minute' } } } }, times.map((t) => rec(t, 'echo')));
    // 4th call at 30 s: 3 in the last minute → refused; at 61 s the first has left the window → admitted; at 62 s: 10 s, 20 s, 61 s in window → refused.
    expect(result.changed.map((c) => [c.time, c.after])).toEqual([
      [new Date(T0 + 30_000).toISOString(), 'rate-limited'],
      [new Date(T0 + 62_000).toISOString(), 'rate-limited'],
    ]);
    expect(result.counts).toEqual({ 'allow → allow': 4, 'allow → rate-limited': 2 });
  });

  it('turns logged limit refusals back into allowed calls when the draft lifts the limit', async () => {
    const limited = rec(T0, 'echo', { decision: 'deny', rule: 'tools.echo', counters: [{ counter: 'c', scope: 'grant', used: 3, max: 3 }] });
    const result = await replay({ version: '1', default: 'allow' }, [limited]);
    expect(result.changed).toMatchObject([{ before: 'rate-limited', after: 'allow', beforeRule: 'tools.echo', rule: 'default' }]);
  });

  it('skips calls no policy decided (paused, pinning, malformed, unlisted)', async () => {
    const records = ['paused', 'pinning', 'malformed-call', 'unlisted-tool'].map((rule, i) => rec(T0 + i, 'x', { decision: 'deny', rule }));
    const result = await replay({ version: '1', default: 'allow' }, [...records, rec(T0 + 9, 'x')]);
    expect(result.summary).toMatchObject({ calls: 5, replayed: 1, skipped: 4, changed: 0 });
  });

  it('replays requests other than tool calls with their targets', async () => {
    const records = [
      rec(T0, 'memory://graph', { method: 'resources/read' }),
      rec(T0 + 1, 'summarise', { method: 'prompts/get' }),
      rec(T0 + 2, 'sampling/createMessage', { method: 'sampling/createMessage' }),
    ];
    const result = await replay(
      { version: '1', default: 'allow', resources: { rules: { 'memory://*': { action: 'deny' } } }, prompts: { hide: ['summ*'] }, sampling: 'approve' },
      records,
    );
    expect(result.changed.map((c) => [c.method, c.after, c.rule])).toEqual([
      ['resources/read', 'deny', 'resources.rules["memory://*"]'],
      ['prompts/get', 'hide', 'prompts.hide[0]'],
      ['sampling/createMessage', 'approve', 'sampling'],
    ]);
  });

  it('says when a decision reads an argument the log holds redacted or cut', async () => {
    const draft: Policy = { version: '1', default: 'allow', tools: { login: { require: [{ path: 'args.password', op: 'regex', value: '^.{12,}$' }] }, other: {} } };
    const result = await replay(draft, [
      rec(T0, 'login', { arguments: { user: 'a', password: '[redacted]' } }),
      rec(T0 + 1, 'other', { arguments: { password: '[redacted]' } }),
    ]);
    expect(result.summary.dependsOnRedacted).toBe(1);
    expect(result.changed).toMatchObject([{ tool: 'login', before: 'allow', after: 'deny', redacted: ['args.password'] }]);
  });

  it('groups changes per rule with a few examples, and says it in a sentence', async () => {
    const records = Array.from({ length: 5 }, (_, i) => rec(T0 + i, 'wipe'));
    const result = await replay({ version: '1', default: 'allow', tools: { wipe: { action: 'deny' } } }, records);
    expect(result.summary.byRule).toMatchObject([{ rule: 'tools.wipe', changed: 5, transitions: { 'allow → deny': 5 } }]);
    expect(result.summary.byRule[0]?.examples).toHaveLength(3);
    expect(result.summary.text).toBe('Of the last 5 calls, this change would have decided 5 differently: denied 5.');
  });
});
