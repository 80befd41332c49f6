import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../electron/gateway/policy/engine.js';
import { COUNTERS_FILE, FileCounterStore } from '../../../electron/gateway/policy/file-counter-store.js';
import { DESIGN_EXAMPLE } from '../../shared/policy/fixtures.js';
import type { Policy } from '../../../shared/policy/types.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const NOW = 1_750_000_000_000;
const request = { key: 'k', windowMs: 60_000, max: 3, amount: 1, retainMs: 60_000 };

describe('FileCounterStore', () => {
  const tmp = useTempDir('portcullis-counters-');

  it('keeps budgets across a restart (flush on close loses nothing)', async () => {
    const first = await FileCounterStore.open({ dataDir: tmp.path, now: () => NOW });
    const engine = new PolicyEngine({ serverId: 'odoo', policy: DESIGN_EXAMPLE as Policy, counters: first });
    const args = { pipeline: 'tokenize', source_id: 1 };
    const decisions = await Promise.all(Array.from({ length: 7 }, () => engine.decide({ tool: { name: 'ai_pipeline_run' }, args, grant: 'g', sessionId: 's', now: NOW })));
    expect(decisions.every((d) => d.action === 'allow')).toBe(true);
    await first.close();

    const second = await FileCounterStore.open({ dataDir: tmp.path, now: () => NOW + 1000 });
    const restarted = new PolicyEngine({ serverId: 'odoo', policy: DESIGN_EXAMPLE as Policy, counters: second });
    const after = await Promise.all(Array.from({ length: 5 }, () => restarted.decide({ tool: { name: 'ai_pipeline_run' }, args, grant: 'g', sessionId: 's', now: NOW + 1000 })));
    expect(after.map((d) => d.action)).toEqual(['allow', 'allow', 'allow', 'deny', 'deny']);
    expect(second.loadMessage).toBeUndefined();
    await second.close();
  });

  it('writes behind: a call does not touch the disk; the timer writes within the interval', async () => {
    const store = await FileCounterStore.open({ dataDir: tmp.path, flushIntervalMs: 50 });
    const file = path.join(tmp.path, COUNTERS_FILE);
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
    const store = await FileCounterStore.open({ dataDir: tmp.path, now: () => now });
    store.consume([request], NOW);
    store.consume([{ ...request, key: 'gone' }], NOW - 120_000);
    now = NOW + 30_000;
    await store.flush();
    const saved = JSON.parse(await readFile(path.join(tmp.path, COUNTERS_FILE), 'utf8')) as { counters: Record<string, unknown> };
    expect(Object.keys(saved.counters)).toEqual(['k']);
    await store.close();
  });

  it('moves a corrupt file aside with a clear message and starts afresh', async () => {
    await writeFile(path.join(tmp.path, COUNTERS_FILE), '{"version": 1, "counters": {');
    const store = await FileCounterStore.open({ dataDir: tmp.path });
    expect(store.loadMessage).toMatch(/counters\.json was not valid JSON .* moved to .*counters\.json\.corrupt-.* Rate-limit budgets start afresh\./);
    expect((await readdir(tmp.path)).some((name) => name.startsWith(`${COUNTERS_FILE}.corrupt-`))).toBe(true);
    expect(store.consume([request], NOW).admitted).toBe(true);
    await store.close();
  });

  it('skips unreadable entries but keeps the rest', async () => {
    const counters = { good: { retainMs: 60_000, entries: [[NOW, 3]] }, bad: { retainMs: 'x', entries: [] } };
    await writeFile(path.join(tmp.path, COUNTERS_FILE), JSON.stringify({ version: 1, counters }));
    const store = await FileCounterStore.open({ dataDir: tmp.path, now: () => NOW });
    expect(store.loadMessage).toMatch(/skipped 1 unreadable entry/);
    expect(store.consume([{ ...request, key: 'good' }], NOW + 1).admitted).toBe(false);
    await store.close();
  });
  describe('journal (admissions that outlive a killed process)', () => {
    const HOUR = { key: 'k', windowMs: 3_600_000, max: 10, amount: 1, retainMs: 3_600_000 };
    const journals = async () => (await readdir(tmp.path)).filter((name) => name.endsWith('.journal')).sort();

    it('an admission is on disk when consume() returns: a store never closed (killed) loses none', async () => {
      const killed = await FileCounterStore.open({ dataDir: tmp.path, flushIntervalMs: 3_600_000 });
      for (let i = 0; i < 6; i++) expect(killed.consume([HOUR, { ...HOUR, key: 'other', max: 100 }], NOW + i).admitted).toBe(true);
      expect(await journals()).toEqual(['counters.0.journal']);
      // No close(), no flush: the next process opens the same directory.
      const restarted = await FileCounterStore.open({ dataDir: tmp.path, now: () => NOW + 10 });
      const admitted = Array.from({ length: 6 }, (_, i) => restarted.consume([HOUR], NOW + 10 + i).admitted);
      expect(admitted).toEqual([true, true, true, true, false, false]);
      await restarted.close();
    });

    it('ignores a torn last line and keeps every complete one', async () => {
      const killed = await FileCounterStore.open({ dataDir: tmp.path, flushIntervalMs: 3_600_000 });
      for (let i = 0; i < 3; i++) killed.consume([HOUR], NOW + i);
      await appendFile(path.join(tmp.path, 'counters.0.journal'), 'a\t1750000000009\t0');
      const restarted = await FileCounterStore.open({ dataDir: tmp.path, now: () => NOW + 10 });
      expect(restarted.loadMessage).toBeUndefined();
      expect(restarted.consume([{ ...HOUR, max: 4 }], NOW + 10, { dryRun: true }).used).toEqual([4]);
      await restarted.close();
    });

    it('compaction writes counters.json, deletes the journals it covers, and counts nothing twice', async () => {
      const store = await FileCounterStore.open({ dataDir: tmp.path, now: () => NOW, flushIntervalMs: 3_600_000 });
      store.consume([HOUR], NOW);
      store.consume([HOUR], NOW + 1);
      await store.flush();
      expect(await journals()).toEqual([]);
      store.consume([HOUR], NOW + 2); // after the snapshot: in the next generation's journal only
      expect(await journals()).toEqual(['counters.1.journal']);
      const saved = JSON.parse(await readFile(path.join(tmp.path, COUNTERS_FILE), 'utf8')) as { journal: number };
      expect(saved.journal).toBe(0);
      const restarted = await FileCounterStore.open({ dataDir: tmp.path, now: () => NOW + 3 });
      expect(restarted.consume([HOUR], NOW + 3, { dryRun: true }).used).toEqual([4]);
      await restarted.close();
    });

    it('a dry run, and a call under no limit, write nothing', async () => {
      const store = await FileCounterStore.open({ dataDir: tmp.path, flushIntervalMs: 20 });
      store.consume([HOUR], NOW, { dryRun: true });
      store.consume([], NOW);
      await new Promise((resolve) => setTimeout(resolve, 60));
      await store.close();
      expect(await readdir(tmp.path)).toEqual([]);
    });

    it('journal and snapshot are readable only by the user (0600)', async () => {
      const store = await FileCounterStore.open({ dataDir: tmp.path, flushIntervalMs: 3_600_000 });
      store.consume([HOUR], NOW);
      expect((await stat(path.join(tmp.path, 'counters.0.journal'))).mode & 0o777).toBe(0o600);
      await store.close();
      expect((await stat(path.join(tmp.path, COUNTERS_FILE))).mode & 0o777).toBe(0o600);
    });
  });
});
