import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { atomicWriteFile } from '../../../electron/gateway/store/atomic-write.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-atomic-');

it('writes a new file 0600 by default, leaving no temp file beside it', async () => {
  const file = path.join(tmp.path, 'a.json');
  await atomicWriteFile(file, '{"a":1}');
  expect(await readFile(file, 'utf8')).toBe('{"a":1}');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect(await readdir(tmp.path)).toEqual(['a.json']);
});

it('replaces an existing file whole, with the mode asked for, and takes bytes', async () => {
  const file = path.join(tmp.path, 'b.bin');
  await writeFile(file, 'old contents that are longer than the new ones', { mode: 0o644 });
  await atomicWriteFile(file, new Uint8Array([1, 2, 3]), 0o640);
  expect([...(await readFile(file))]).toEqual([1, 2, 3]);
  expect((await stat(file)).mode & 0o777).toBe(0o640);
});

it('when the rename fails, the error comes back, the target is untouched and the temp file is removed', async () => {
  // A directory at the target's path: rename(file → directory) fails with EISDIR.
  const target = path.join(tmp.path, 'taken');
  await mkdir(target);
  await writeFile(path.join(target, 'keep'), 'x');
  await expect(atomicWriteFile(target, 'new')).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/) });
  expect((await readdir(tmp.path)).sort()).toEqual(['taken']);
  expect(await readFile(path.join(target, 'keep'), 'utf8')).toBe('x');
});

it('a folder it cannot write to is an error, and nothing is written', async () => {
  if (process.getuid?.() === 0) return; // root ignores the folder's mode
  const folder = path.join(tmp.path, 'locked');
  await mkdir(folder);
  await chmod(folder, 0o500);
  try {
    await expect(atomicWriteFile(path.join(folder, 'x.json'), '{}')).rejects.toMatchObject({ code: 'EACCES' });
    expect(await readdir(folder)).toEqual([]);
  } finally {
    await chmod(folder, 0o700);
  }
});
