// The Calls header and chart's numbers: asked at once when the filter changes, otherwise no
// sooner than 2 s after the last ask (or 20 times as long as the last count took); between
// answers the count follows the live calls that match; an answer for an old filter is dropped.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CallRecord, CallStats } from '../../../shared/calls.js';
import { freshApp } from './fresh-app.js';

const NOW = Date.parse('2026-12-07T10:00:30.000Z');
const stats = (total: number): CallStats =>
  ({
    from: '2026-12-07T09:01:00.000Z', to: '2026-12-07T10:01:00.000Z', bucketSeconds: 60, total, denials: 2, rateLimited: 1,
    buckets: { calls: [total], denials: [2], rateLimited: [1] }, perServer: [], topTools: [], byVerdict: {},
  }) as unknown as CallStats;
const finished = (server: string) => ({ id: 'x', time: new Date(NOW).toISOString(), server, grant: 'cursor', session: 's', tool: 't', decision: 'allow', upstream: 'ok', latency: { gatewayMs: 0, upstreamMs: 0, totalMs: 0 } }) as CallRecord;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

async function started(answers: Parameters<typeof freshApp>[0] = {}) {
  let total = 10;
  const fresh = await freshApp({ callStats: () => stats(total), countCalls: () => ({ count: total * 10 }), ...answers });
  const module = await import('../../../renderer/src/stores/stats.svelte.js');
  return { ...fresh, ...module, setTotal: (n: number) => (total = n) };
}

describe('asking', () => {
  test('a first filter is asked at once: the chart over the last hour in whole minutes, the count over the whole log', async () => {
    const { client, stats: store } = await started();
    store.request({ server: 'odoo' });
    expect(store.count).toBeUndefined();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.inputs).toEqual([
      ['getInfo', {}],
      ['callStats', { server: 'odoo', from: '2026-12-07T09:01:00.000Z', to: '2026-12-07T10:01:00.000Z', bucketSeconds: 60, topTools: 1 }],
      ['countCalls', { server: 'odoo' }],
    ]);
    expect([store.total, store.denials, store.rateLimited, store.count]).toEqual([10, 2, 1, 100]);
    expect(store.series).toEqual({ from: Date.parse('2026-12-07T09:01:00.000Z'), bucketSeconds: 60, calls: [10], denials: [2], rateLimited: [1] });
  });

  test("a range of 5 minutes has 5-second bars; a filter's own start, when later, starts the chart", async () => {
    const { client, stats: store } = await started();
    store.request({ from: '2026-12-07T09:58:00.000Z' }, { seconds: 300, label: 'last 5 minutes' });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.inputs[1]).toEqual(['callStats', { from: '2026-12-07T09:58:00.000Z', to: '2026-12-07T10:00:30.000Z', bucketSeconds: 5, topTools: 1 }]);
    expect(store.range.label).toBe('last 5 minutes');
  });

  test('the same filter again waits until 2 s after the last ask, however often it is asked', async () => {
    const { client, stats: store } = await started();
    store.request({});
    await vi.advanceTimersByTimeAsync(0);
    store.request();
    store.request();
    await vi.advanceTimersByTimeAsync(1999);
    expect(client.count('callStats')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.count('callStats')).toBe(2);
  });

  test('a count that took long is asked again less often (20 times its cost)', async () => {
    const { client, stats: store } = await started({
      countCalls: () => {
        vi.setSystemTime(Date.now() + 1000); // reading the whole log took a second
        return { count: 5 };
      },
    });
    store.request({});
    await vi.advanceTimersByTimeAsync(0);
    store.request();
    await vi.advanceTimersByTimeAsync(18_999); // 20 s after the ask, which began 1 s before its answer
    expect(client.count('countCalls')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.count('countCalls')).toBe(2);
  });

  test('a changed filter asks at once, and the answer for the old filter is dropped', async () => {
    const answers: ((value: { count: number }) => void)[] = [];
    const { stats: store } = await started({ countCalls: () => new Promise((resolve) => answers.push(resolve)) });
    store.request({ server: 'odoo' });
    await vi.advanceTimersByTimeAsync(0);
    store.request({ server: 'memory' });
    await vi.advanceTimersByTimeAsync(0);
    answers[0]!({ count: 111 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.count).toBeUndefined();
    answers[1]!({ count: 7 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.count).toBe(7);
  });

  test('a failed ask keeps the last numbers', async () => {
    let fail = false;
    const { stats: store } = await started({ callStats: () => (fail ? Promise.reject(new Error('down')) : stats(10)) });
    store.request({});
    await vi.advanceTimersByTimeAsync(0);
    fail = true;
    store.request();
    await vi.advanceTimersByTimeAsync(2000);
    expect([store.total, store.count]).toEqual([10, 100]);
  });
});

describe('between answers', () => {
  test('a finished call that matches the filter counts at once, and brings a refresh', async () => {
    const { client, stats: store } = await started();
    store.request({ server: 'odoo' });
    await vi.advanceTimersByTimeAsync(0);
    client.emit('call-finished', finished('odoo'));
    client.emit('call-finished', finished('memory'));
    expect(store.count).toBe(101);
    await vi.advanceTimersByTimeAsync(2000);
    expect(client.count('countCalls')).toBe(2);
    expect(store.count).toBe(100);
  });

  test('while an answer is on its way, live calls are not counted (the answer will include them)', async () => {
    let answer!: (value: { count: number }) => void;
    let first = true;
    const { client, stats: store } = await started({
      countCalls: () => {
        if (first) return (first = false), { count: 100 };
        return new Promise((resolve) => (answer = resolve));
      },
    });
    store.request({});
    await vi.advanceTimersByTimeAsync(0);
    store.request();
    await vi.advanceTimersByTimeAsync(2000);
    client.emit('call-finished', finished('odoo'));
    expect(store.count).toBe(100);
    answer({ count: 150 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.count).toBe(150);
  });
});
