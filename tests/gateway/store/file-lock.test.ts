import { mkdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { withFileLock } from '../../../electron/gateway/store/file-lock.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-lock-');
const exists = (p: string) => stat(p).then(() => true, () => false);

it('runs the work holding the lock, returns its result and releases the lock', async () => {
  const lock = path.join(tmp.path, '.lock');
  const result = await withFileLock(lock, async () => {
    expect(await exists(lock)).toBe(true);
    return 42;
  });
  expect(result).toBe(42);
  expect(await exists(lock)).toBe(false);
});

it('releases the lock when the work throws, and passes the error on', async () => {
  const lock = path.join(tmp.path, '.lock');
  await expect(withFileLock(lock, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(await exists(lock)).toBe(false);
});

it('two holders never overlap: the second waits for the first to release', async () => {
  const lock = path.join(tmp.path, '.lock');
  const order: string[] = [];
  let releaseFirst!: () => void;
  const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
  let firstEntered!: () => void;
  const entered = new Promise<void>((resolve) => (firstEntered = resolve));
  const first = withFileLock(lock, async () => {
    order.push('first in');
    firstEntered();
    await firstHolds;
    order.push('first out');
  });
  await entered;
  const second = withFileLock(lock, async () => {
    order.push('second in');
  });
  // Let the second try a few times while the first still holds the lock.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(order).toEqual(['first in']);
  releaseFirst();
  await Promise.all([first, second]);
  expect(order).toEqual(['first in', 'first out', 'second in']);
});

it('a lock left by a crashed process (older than the stale age) is taken over', async () => {
  const lock = path.join(tmp.path, '.lock');
  await mkdir(lock);
  const longAgo = new Date(Date.now() - 60_000);
  await utimes(lock, longAgo, longAgo);
  await expect(withFileLock(lock, async () => 'ran')).resolves.toBe('ran');
  expect(await exists(lock)).toBe(false);
});

it('a fresh lock held by someone else is given up on after the deadline, with a clear error', async () => {
  const lock = path.join(tmp.path, '.lock');
  await mkdir(lock);
  // The clock jumps past the give-up deadline after the first reading; the lock's mtime moves
  // with it, so the lock is still fresh (not stale) when the deadline is checked.
  const start = Date.now();
  const later = start + 11_000;
  await utimes(lock, new Date(later), new Date(later));
  let calls = 0;
  const spy = vi.spyOn(Date, 'now').mockImplementation(() => (calls++ < 1 ? start : later));
  try {
    await expect(withFileLock(lock, async () => 'never')).rejects.toThrow(/locked by another Portcullis process .*\.lock.*try again/);
  } finally {
    spy.mockRestore();
  }
  expect(await exists(lock)).toBe(true);
});

it('an error other than "exists" (no parent folder) is passed on at once', async () => {
  await expect(withFileLock(path.join(tmp.path, 'missing', '.lock'), async () => 'never')).rejects.toMatchObject({ code: 'ENOENT' });
});
