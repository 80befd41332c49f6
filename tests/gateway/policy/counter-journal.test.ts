import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CounterJournal, deleteJournals, journalFile, journalGenerations, replayJournal } from '../../../electron/gateway/policy/counter-journal.js';
import type { CounterSnapshot } from '../../../electron/gateway/policy/memory-counter-store.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-journal-');
const minute = { key: '["s","calls","grant:a"]', windowMs: 60_000, max: 10, amount: 1, retainMs: 3_600_000 };
const spend = { key: '["s","spend","grant:a"]', windowMs: 86_400_000, max: 100, amount: 7.5, retainMs: 86_400_000 };

it('append writes a key definition once per file, then one admission line per call; 0600', async () => {
  const journal = new CounterJournal(tmp.path, 3);
  journal.append([minute, spend], 1000);
  journal.append([minute], 2000);
  journal.close();
  const file = journalFile(tmp.path, 3);
  expect(path.basename(file)).toBe('counters.3.journal');
  expect(await readFile(file, 'utf8')).toBe(
    `k\t0\t3600000\t${minute.key}\nk\t1\t86400000\t${spend.key}\na\t1000\t0\t1\t1\t7.5\n` + 'a\t2000\t0\t1\n',
  );
  expect((await stat(file)).mode & 0o777).toBe(0o600);
});

it('one key with two windows in a batch is written once; a longer retention redefines the key', async () => {
  const journal = new CounterJournal(tmp.path, 0);
  journal.append([minute, { ...minute, windowMs: 7_200_000, retainMs: 1 }], 1);
  journal.append([{ ...minute, retainMs: 9_000_000 }], 2);
  journal.close();
  expect(await readFile(journalFile(tmp.path, 0), 'utf8')).toBe(`k\t0\t3600000\t${minute.key}\na\t1\t0\t1\nk\t0\t9000000\t${minute.key}\na\t2\t0\t1\n`);
});

it('what append wrote, replay reads back into a snapshot (adding to what it holds)', async () => {
  const journal = new CounterJournal(tmp.path, 0);
  journal.append([minute, spend], 1000);
  journal.append([spend], 2000);
  journal.close();
  const snapshot: CounterSnapshot = { [minute.key]: { retainMs: 1, entries: [[500, 1]] } };
  expect(await replayJournal(journalFile(tmp.path, 0), snapshot)).toBe(0);
  expect(snapshot).toEqual({
    [minute.key]: { retainMs: 3_600_000, entries: [[500, 1], [1000, 1]] },
    [spend.key]: { retainMs: 86_400_000, entries: [[1000, 7.5], [2000, 7.5]] },
  });
});

it('replay skips a torn last line without counting it, and counts lines that do not read', async () => {
  const file = journalFile(tmp.path, 0);
  await writeFile(file, ['k\t0\t1000\tK', 'a\t5\t0\t1', 'k\t1\tNaN\tX', 'a\t6\t9\t1', 'a\t7\t0', 'a\tnope\t0\t1', 'zzz', 'a\t8\t0\t2\n'].join('\n') + 'a\t9\t0\t1');
  const snapshot: CounterSnapshot = {};
  expect(await replayJournal(file, snapshot)).toBe(5);
  expect(snapshot).toEqual({ K: { retainMs: 1000, entries: [[5, 1], [8, 2]] } });
});

it('a key containing a tab survives the round trip', async () => {
  const journal = new CounterJournal(tmp.path, 0);
  journal.append([{ ...minute, key: 'a\tb' }], 1);
  journal.close();
  const snapshot: CounterSnapshot = {};
  await replayJournal(journalFile(tmp.path, 0), snapshot);
  expect(Object.keys(snapshot)).toEqual(['a\tb']);
});

it('replay of a missing file adds nothing', async () => {
  const snapshot: CounterSnapshot = {};
  expect(await replayJournal(journalFile(tmp.path, 42), snapshot)).toBe(0);
  expect(snapshot).toEqual({});
});

it('rotate moves appends to the next generation with fresh key ids; generations list and delete', async () => {
  const journal = new CounterJournal(tmp.path, 0);
  journal.append([minute], 1);
  expect(journal.rotate()).toBe(0);
  journal.append([minute], 2);
  expect(journal.rotate()).toBe(1);
  journal.append([spend], 3);
  journal.close();
  await writeFile(path.join(tmp.path, 'counters.json'), '{}');
  await writeFile(path.join(tmp.path, 'counters.x.journal'), '');
  expect(await journalGenerations(tmp.path)).toEqual([0, 1, 2]);
  expect(await readFile(journalFile(tmp.path, 1), 'utf8')).toBe(`k\t0\t3600000\t${minute.key}\na\t2\t0\t1\n`);
  await deleteJournals(tmp.path, 1);
  expect((await readdir(tmp.path)).sort()).toEqual(['counters.2.journal', 'counters.json', 'counters.x.journal']);
  expect(await journalGenerations(path.join(tmp.path, 'missing'))).toEqual([]);
});

it('a write that fails throws, and the next write defines its keys afresh', async () => {
  const dir = path.join(tmp.path, 'later');
  const journal = new CounterJournal(dir, 0);
  expect(() => journal.append([minute], 1)).toThrow(/ENOENT/);
  await mkdir(dir); // the folder came back
  journal.append([spend], 2);
  journal.close();
  expect(await readFile(journalFile(dir, 0), 'utf8')).toBe(`k\t0\t86400000\t${spend.key}\na\t2\t0\t7.5\n`);
});
