// The catalog state in memory and in catalog.json: changes apply at once, reach the disk in a
// debounced write, and a save or reload replays this process's pending operations onto what
// another process wrote, so both sides' changes survive.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOverride, applySync, type CatalogState } from '../../../electron/gateway/catalog/catalog-state.js';
import { CatalogStore } from '../../../electron/gateway/catalog/catalog-store.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const tmp = useTempDir('portcullis-catalog-store-');
const T0 = '2026-12-01T10:00:00.000Z';
const sync = (names: string[]) => (state: CatalogState) => {
  applySync(state, 's', { tools: names.map((name) => ({ name })) }, T0);
};
const toolNames = (store: CatalogStore) => [...(store.state.get('s')?.tools.keys() ?? [])];

describe('CatalogStore', () => {
  it('applies at once in memory, writes after the delay, and a new store reads it back', async () => {
    const store = await CatalogStore.open(tmp.path, { saveDelayMs: 60_000 });
    store.apply(sync(['a']));
    expect(toolNames(store)).toEqual(['a']);
    expect(existsSync(store.file)).toBe(false);
    await store.flush();
    expect(existsSync(store.file)).toBe(true);
    const again = await CatalogStore.open(tmp.path);
    expect(toolNames(again)).toEqual(['a']);
    await Promise.all([store.close(), again.close()]);
  });

  it('writes by itself once the save delay has passed', async () => {
    const store = await CatalogStore.open(tmp.path, { saveDelayMs: 5 });
    store.apply(sync(['a']));
    await waitFor(() => existsSync(store.file), { what: 'the debounced write' });
    await store.close();
  });

  it('keeps both processes\' changes: a save replays its operations onto the newer file', async () => {
    const first = await CatalogStore.open(tmp.path, { saveDelayMs: 60_000 });
    first.apply(sync(['a', 'b']));
    await first.flush();
    const second = await CatalogStore.open(tmp.path, { saveDelayMs: 60_000 });
    second.apply((state) => applyOverride(state, 's', 'b', { level: 'critical' }, T0));
    first.apply((state) => applyOverride(state, 's', 'a', { class: 'read' }, T0));
    await second.flush();
    await first.flush();
    const merged = await CatalogStore.open(tmp.path);
    expect(merged.state.get('s')!.tools.get('a')!.override).toMatchObject({ class: 'read' });
    expect(merged.state.get('s')!.tools.get('b')!.override).toMatchObject({ level: 'critical' });
    await Promise.all([first.close(), second.close(), merged.close()]);
  });

  it('reload takes the other process\'s file and keeps this process\'s unsaved changes on top', async () => {
    const first = await CatalogStore.open(tmp.path, { saveDelayMs: 60_000 });
    first.apply(sync(['a', 'b']));
    await first.flush();
    const second = await CatalogStore.open(tmp.path, { saveDelayMs: 60_000 });
    second.apply((state) => applyOverride(state, 's', 'b', { level: 'critical' }, T0));
    await second.flush();
    first.apply((state) => applyOverride(state, 's', 'a', { class: 'read' }, T0));
    const { before, after } = await first.reload();
    expect(before.get('s')!.tools.get('b')!.override).toBeUndefined();
    expect(after.get('s')!.tools.get('b')!.override).toMatchObject({ level: 'critical' });
    expect(after.get('s')!.tools.get('a')!.override).toMatchObject({ class: 'read' });
    expect(first.state).toBe(after);
    await Promise.all([first.close(), second.close()]);
  });

  it('skips a replayed operation whose tool is not in the other process\'s file, and saves the rest', async () => {
    const first = await CatalogStore.open(tmp.path, { saveDelayMs: 60_000 });
    first.apply(sync(['a']));
    await first.flush();
    writeFileSync(first.file, JSON.stringify({ version: 1, servers: [] })); // another process's file, without server s
    first.apply((state) => applyOverride(state, 's', 'a', { level: 'low' }, T0));
    first.apply((state) => applySync(state, 't', { tools: [{ name: 'z' }] }, T0));
    await expect(first.flush()).resolves.toBeUndefined();
    expect([...first.state.keys()]).toEqual(['t']);
    const again = await CatalogStore.open(tmp.path);
    expect([...again.state.keys()]).toEqual(['t']);
    await Promise.all([first.close(), again.close()]);
  });

  it('moves a corrupt file aside, says so, and starts empty', async () => {
    writeFileSync(path.join(tmp.path, 'catalog.json'), '{ not json');
    const warnings: string[] = [];
    const store = await CatalogStore.open(tmp.path, { onWarning: (m) => warnings.push(m) });
    expect(store.state.size).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('catalog.json');
    expect(readdirSync(tmp.path).filter((f) => f.startsWith('catalog.json') && f !== 'catalog.json')).toHaveLength(1);
    await store.close();
  });

  it('with watch, hears another process\'s write', async () => {
    const first = await CatalogStore.open(tmp.path, { saveDelayMs: 60_000 });
    const heard: string[][] = [];
    first.watch(({ after }) => heard.push([...(after.get('s')?.tools.keys() ?? [])]));
    first.apply(sync(['a']));
    await first.flush();
    const second = await CatalogStore.open(tmp.path, { saveDelayMs: 60_000 });
    second.apply(sync(['a', 'b']));
    await second.flush();
    await waitFor(() => heard.length > 0, { what: 'the watcher to hear the other process' });
    expect(heard).toEqual([['a', 'b']]);
    await Promise.all([first.close(), second.close()]);
  });
});
