// The live call log's store: history pages and live events into one CallBuffer, the view told
// once per animation frame however many events came in it, events held while paused, the filter
// menus' servers/clients/tools, and the newest page read again after a dropped stream.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CallPage, CallRecord, CallStarted } from '../../../shared/calls.js';
import { EMPTY_FILTER_FORM } from '../../../renderer/src/lib/call-filter-form.js';
import { freshApp, settled } from './fresh-app.js';

const T0 = Date.parse('2026-11-25T12:00:00.000Z');
const idAt = (ms: number) => ms.toString(36).padStart(9, '0') + '0000000000';
const startedCall = (n: number, over: Partial<CallStarted> = {}): CallStarted => {
  const ms = T0 + n * 1000;
  return { id: idAt(ms), time: new Date(ms).toISOString(), server: 'files', grant: 'cursor', session: 's1', tool: 'read_file', ...over };
};
const record = (n: number, over: Partial<CallRecord> = {}): CallRecord => ({
  ...startedCall(n, over),
  decision: 'allow',
  upstream: 'ok',
  latency: { gatewayMs: 1, upstreamMs: 2, totalMs: 3 },
  ...over,
});
const page = (records: CallRecord[], nextCursor?: string): CallPage => ({ records, skippedLines: 0, ...(nextCursor ? { nextCursor } : {}) });

/** requestAnimationFrame as a browser offers it: callbacks wait for the next frame. */
let frames: (() => void)[] = [];
const nextFrame = () => {
  const due = frames;
  frames = [];
  for (const callback of due) callback();
};
beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
});
afterEach(() => vi.unstubAllGlobals());

async function started(queryCalls: Parameters<typeof freshApp>[0]['queryCalls'] = () => page([record(2, { server: 'odoo', tool: 'search' }), record(1)])) {
  const fresh = await freshApp({ queryCalls });
  const { calls } = await import('../../../renderer/src/stores/calls.svelte.js');
  calls.start();
  calls.start();
  await settled();
  return { ...fresh, calls };
}

describe('history', () => {
  test('the first page loads on start; its servers, clients and tools fill the filter menus, sorted', async () => {
    const { client, calls } = await started();
    expect(client.inputs).toContainEqual(['queryCalls', { limit: 500 }]);
    expect(calls.buffer.viewSize).toBe(2);
    expect(calls.version).toBe(calls.buffer.version);
    expect(calls.seen).toEqual({ servers: ['files', 'odoo'], grants: ['cursor'], tools: ['read_file', 'search'] });
    expect(calls.loading).toBe(false);
  });

  test('the last page makes the log complete: no more questions', async () => {
    const { client, calls } = await started();
    expect(calls.complete).toBe(true);
    await calls.loadOlder();
    expect(client.count('queryCalls')).toBe(1);
  });

  test('a next page is asked with the cursor, and not twice at once', async () => {
    let answer: (p: CallPage) => void = () => undefined;
    const { client, calls } = await started(({ cursor }) => (cursor ? new Promise<CallPage>((resolve) => (answer = resolve)) : page([record(5)], 'c1')));
    expect(calls.complete).toBe(false);
    const older = calls.loadOlder();
    void calls.loadOlder();
    expect(calls.loading).toBe(true);
    answer(page([record(4)]));
    await older;
    expect(client.inputs.filter(([m]) => m === 'queryCalls').map(([, q]) => (q as { cursor?: string }).cursor)).toEqual([undefined, 'c1']);
    expect([calls.buffer.viewSize, calls.complete, calls.loading]).toEqual([2, true, false]);
  });

  test('a page that cannot load says why, and loading ends', async () => {
    const { calls, toasts } = await started(() => Promise.reject(new Error('gateway stopped')));
    expect(calls.loading).toBe(false);
    expect(toasts.list.map((t) => t.text)).toEqual(['Could not load older calls: gateway stopped']);
  });

  test('a new filter applies at once and asks for its own first page (older matches may sit past the loaded rows)', async () => {
    const { client, calls } = await started(() => page([record(2, { server: 'odoo', tool: 'search' }), record(1)], 'c1'));
    calls.setForm({ ...EMPTY_FILTER_FORM, server: 'odoo' });
    expect(calls.buffer.currentFilter).toEqual({ server: 'odoo' });
    expect(calls.buffer.viewSize).toBe(1);
    expect(calls.version).toBe(calls.buffer.version);
    await settled();
    expect(client.inputs.at(-1)?.[1]).toMatchObject({ server: 'odoo', limit: 500 });
    expect(client.count('queryCalls')).toBe(2);
  });

  test('a new filter over a complete log asks nothing more', async () => {
    const { client, calls } = await started();
    calls.setForm({ ...EMPTY_FILTER_FORM, server: 'odoo' });
    await settled();
    expect([client.count('queryCalls'), calls.complete]).toEqual([1, true]);
  });
});

describe('live events', () => {
  test('many events in one frame make one update, at the frame', async () => {
    const { client, calls } = await started();
    const before = calls.version;
    client.emit('call-started', startedCall(10, { server: 'memory', grant: 'claude', tool: 'recall' }));
    client.emit('call-finished', record(10, { server: 'memory', grant: 'claude', tool: 'recall' }));
    client.emit('call-started', startedCall(11));
    expect(frames).toHaveLength(1);
    expect(calls.version).toBe(before);
    expect(calls.buffer.viewSize).toBe(4);
    nextFrame();
    expect(calls.version).toBe(calls.buffer.version);
    expect(calls.version).not.toBe(before);
    expect(calls.seen.servers).toEqual(['files', 'memory', 'odoo']);
    client.emit('call-finished', record(11));
    expect(frames).toHaveLength(1);
  });

  test('paused, events are held and counted; resumed, they apply in order', async () => {
    const { client, calls } = await started();
    calls.setPaused(true);
    client.emit('call-started', startedCall(10));
    client.emit('call-finished', record(10, { decision: 'deny' }));
    expect([calls.held, calls.buffer.viewSize, frames.length]).toEqual([2, 2, 0]);
    calls.setPaused(false);
    expect([calls.held, calls.buffer.viewSize, frames.length]).toEqual([0, 3, 1]);
    expect((calls.buffer.get(record(10).id) as CallRecord).decision).toBe('deny');
  });

  test('after a dropped stream the newest page fills in what was missed', async () => {
    let missed = false;
    const { client, calls } = await started(() => page(missed ? [record(21), record(20)] : [record(1)]));
    missed = true;
    client.connect({ state: 'open', resumed: true });
    await settled();
    expect(client.inputs.at(-1)).toEqual(['queryCalls', { limit: 500 }]);
    expect(calls.buffer.viewSize).toBe(3);
    expect(calls.version).toBe(calls.buffer.version);
  });
});

test('select keeps the row shown in the detail pane', async () => {
  const { calls } = await started();
  calls.select('x');
  expect(calls.selectedId).toBe('x');
  calls.select(undefined);
  expect(calls.selectedId).toBeUndefined();
});
