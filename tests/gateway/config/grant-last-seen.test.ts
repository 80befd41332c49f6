// Clients' "last seen": noted on every authenticated request, shown at once through the Api's
// grant list, written to config.json at most once an interval (and on close), never per call.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GrantLastSeen } from '../../../electron/gateway/config/grant-last-seen.js';
import { listGrants } from '../../../electron/gateway/config/grants.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { makeTempDir } from '../calllog/helpers.js';

const stored = async (dataDir: string) =>
  (JSON.parse(await readFile(path.join(dataDir, 'config.json'), 'utf8')) as { grants: { name: string; lastSeenAt?: string }[] }).grants;

let gateway: TestGateway | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await gateway?.close();
  gateway = undefined;
});

describe('GrantLastSeen', () => {
  it('writes once per interval however many requests arrive, and only times later than the file holds', async () => {
    const temp = await makeTempDir();
    const store = await ConfigStore.open(temp.dir);
    await store.update((data) => {
      data.grants.push({ name: 'agent', tokenHash: 'a'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z' });
      data.grants.push({ name: 'later', tokenHash: 'b'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z', lastSeenAt: '2030-01-01T00:00:00.000Z' });
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let now = Date.parse('2026-12-01T10:00:00.000Z');
    let clockReads = 0;
    const writes = vi.spyOn(store, 'update');
    const seen = new GrantLastSeen(store, { intervalMs: 60_000, resolutionMs: 5_000, now: () => (clockReads++, now) });
    // 1,000 requests a second for 10 s: the clock is read once per grant per 5 s, nothing written yet.
    for (let i = 0; i < 10_000; i++) {
      if (i % 1000 === 0 && i > 0) await vi.advanceTimersByTimeAsync(1000);
      now = Date.parse('2026-12-01T10:00:00.000Z') + i;
      seen.note('agent');
      seen.note('later');
    }
    expect(clockReads).toBe(4);
    expect(writes).not.toHaveBeenCalled();
    // The Api's list shows the noted time at once.
    expect(seen.merge(listGrants(store)).map((g) => [g.name, g.lastSeenAt])).toEqual([
      ['agent', '2026-12-01T10:00:05.000Z'],
      ['later', '2030-01-01T00:00:00.000Z'],
    ]);
    await vi.advanceTimersByTimeAsync(51_000);
    expect(writes).toHaveBeenCalledTimes(1);
    await writes.mock.results[0]!.value; // the write itself is real file I/O
    expect((await stored(temp.dir)).map((g) => g.lastSeenAt)).toEqual(['2026-12-01T10:00:05.000Z', '2030-01-01T00:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(120_000); // nothing noted since: nothing written
    expect(writes).toHaveBeenCalledTimes(1);
    store.close();
    await temp.cleanup();
  });
});

describe('a gateway', () => {
  it('notes the grant a request came with, and writes it on close', async () => {
    gateway = await startTestGateway({}, { grant: 'claude' });
    const before = Date.now();
    const response = await fetch(gateway.endpoint('nothing'), { method: 'POST', headers: { ...gateway.headers(), 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    await response.body?.cancel();
    const listed = gateway.gateway.lastSeen.merge(listGrants(gateway.gateway.config));
    expect(Date.parse(listed[0]!.lastSeenAt ?? '')).toBeGreaterThanOrEqual(before);
    expect((await stored(gateway.dataDir))[0]!.lastSeenAt).toBeUndefined(); // not written per request
    const { dataDir } = gateway;
    await gateway.gateway.close();
    expect((await stored(dataDir))[0]!.lastSeenAt).toBe(listed[0]!.lastSeenAt);
  });
});
