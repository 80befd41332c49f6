import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../electron/gateway/policy/engine.js';
import { COUNTERS_FILE, FileCounterStore } from '../../../electron/gateway/policy/file-counter-store.js';
import { DESIGN_EXAMPLE } from '../../shared/policy/fixtures.js';
import type { Policy } from '../../../shared/policy/types.js';

const NOW = 1_750_000_000_000;
const request = { key: 'k', windowMs: 60_000, max: 3, amount: 1, retainMs: 60_000 };

describe('FileCounterStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-counters-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps budgets across a restart (flush on close loses nothing)', async () => {
    const first = await FileCounterStore.open({ dataDir: dir, now: () => NOW });
    const engine = new PolicyEngine({ serverId: 'odoo', policy: DESIGN_EXAMPLE as Policy, counters: first });
    const args = { pipeline: 'tokenize', source_id: 1 };
    const decisions = await Promise.all(Array.from({ length: 7 }, () => engine.decide({ tool: { name: 'ai_pipeline_run' }, args, grant: 'g', sessionId: 's', now: NOW })));
    expect(decisions.every((d) => d.action === 'allow')).toBe(true);
    await first.close();

    const second = await FileCounterStore.open({ dataDir: dir, now: () => NOW + 1000 });
    const restarted = new PolicyEngine({ serverId: 'odoo', policy: DESIGN_EXAMPLE as Policy, counters: second });
    const after = await Promise.all(Array.from({ length: 5 }, () => restarted.decide({ tool: { name: 'ai_pipeline_run' }, args, grant: 'g', sessionId: 's', now: NOW + 1000 })));
    expect(after.map((d) => d.action)).toEqual(['allow', 'allow', 'allow', 'deny', 'deny']);
    expect(second.loadMessage).toBeUndefined();
    await second.close();
  });

  it('writes behind: a call does not touch the disk; the timer writes within the interval', async () => {
    const store = await FileCounterStore.open({ dataDir: dir, flushIntervalMs: 50 });
    const file = path.join(dir, COUNTERS_FILE);
    expect(store.consume([request], Date.now()).admitted).toBe(true);
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const saved = JSON.parse(await readFile(file, 'utf8')) as { version: number; counters: Record<string, { entries: unknown[] }> };
    expect(saved.version).toBe(1);
    expect(saved.counters.k?.entries).toHaveLength(1);
    await store.close();
  });

  it('drops expired entries when it saves', async () => {
    let now = NOW;
    const store = await FileCounterStore.open({ dataDir: dir, now: () => now });
    store.consume([request], NOW);
    store.consume([{ ...request, key: 'gone' }], NOW - 120_000);
    now = NOW + 30_000;
    await store.flush();
    const saved = JSON.parse(await readFile(path.join(dir, COUNTERS_FILE), 'utf8')) as { counters: Record<string, unknown> };
    expect(Object.keys(saved.counters)).toEqual(['k']);
    await store.close();
  });

  it('moves a corrupt file aside with a clear message and starts afresh', async () => {
    await writeFile(path.join(dir, COUNTERS_FILE), '{"version": 1, "counters": {');
    const store = await FileCounterStore.open({ dataDir: dir });
    expect(store.loadMessage).toMatch(/counters\.json was not valid JSON .* moved to .*counters\.json\.corrupt-.* Rate-limit budgets start afresh\./);
    expect((await readdir(dir)).some((name) => name.startsWith(`${COUNTERS_FILE}.corrupt-`))).toBe(true);
    expect(store.consume([request], NOW).admitted).toBe(true);
    await store.close();
  });

  it('skips unreadable entries but keeps the rest', async () => {
    const counters = { good: { retainMs: 60_000, entries: [[NOW, 3]] }, bad: { retainMs: 'x', entries: [] } };
    await writeFile(path.join(dir, COUNTERS_FILE), JSON.stringify({ version: 1, counters }));
    const store = await FileCounterStore.open({ dataDir: dir, now: () => NOW });
    expect(store.loadMessage).toMatch(/skipped 1 unreadable entry/);
    expect(store.consume([{ ...request, key: 'good' }], NOW + 1).admitted).toBe(false);
    await store.close();
  });
});
