import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CorruptFileError, describeCorrupt, readJsonFile, readJsonFileOrRefuse } from '../../../electron/gateway/store/json-file.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-json-');
const fallback = () => ({ fresh: true });

it('readJsonFile: a missing or blank file gives the fallback, and nothing is moved', async () => {
  const file = path.join(tmp.path, 'x.json');
  expect(await readJsonFile(file, fallback)).toEqual({ data: { fresh: true } });
  await writeFile(file, '  \n');
  expect(await readJsonFile(file, fallback)).toEqual({ data: { fresh: true } });
  expect(await readdir(tmp.path)).toEqual(['x.json']);
});

it('readJsonFile: a valid file is parsed', async () => {
  const file = path.join(tmp.path, 'x.json');
  await writeFile(file, '{"a":[1,2]}');
  expect(await readJsonFile(file, fallback)).toEqual({ data: { a: [1, 2] } });
});

it('readJsonFile: a corrupt file is moved aside with its contents kept, and the caller is told why', async () => {
  const file = path.join(tmp.path, 'x.json');
  await writeFile(file, '{"a":');
  const result = await readJsonFile(file, fallback);
  expect(result.data).toEqual({ fresh: true });
  expect(result.corrupt?.movedTo).toMatch(/x\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
  expect(result.corrupt?.error).toMatch(/JSON/);
  expect(await readdir(tmp.path)).toEqual([path.basename(result.corrupt!.movedTo)]);
  expect(await readFile(result.corrupt!.movedTo, 'utf8')).toBe('{"a":');
});

it('readJsonFile: an error other than "missing" is passed on', async () => {
  await expect(readJsonFile(tmp.path, fallback)).rejects.toMatchObject({ code: 'EISDIR' });
});

it('describeCorrupt names the file, the reason and where it went', () => {
  expect(describeCorrupt('/d/c.json', { movedTo: '/d/c.json.corrupt-1', error: 'Unexpected end' })).toBe(
    '/d/c.json was not valid JSON (Unexpected end); it was moved to /d/c.json.corrupt-1 and a fresh one started.',
  );
});

it('readJsonFileOrRefuse: missing or blank gives the fallback; valid is parsed', async () => {
  const file = path.join(tmp.path, 'y.json');
  expect(await readJsonFileOrRefuse(file, fallback)).toEqual({ fresh: true });
  await writeFile(file, '\n');
  expect(await readJsonFileOrRefuse(file, fallback)).toEqual({ fresh: true });
  await writeFile(file, '[true]');
  expect(await readJsonFileOrRefuse(file, fallback)).toEqual([true]);
});

it('readJsonFileOrRefuse: a corrupt file is refused with a CorruptFileError and left where it is', async () => {
  const file = path.join(tmp.path, 'y.json');
  await writeFile(file, 'not json');
  const error = await readJsonFileOrRefuse(file, fallback).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CorruptFileError);
  expect(error).toMatchObject({ code: 'corrupt-file', file });
  expect((error as Error).message).toMatch(/y\.json is not valid JSON \(.+\): fix it, or move it aside/);
  expect(await readdir(tmp.path)).toEqual(['y.json']);
  expect(await readFile(file, 'utf8')).toBe('not json');
});

it('readJsonFileOrRefuse: an error other than "missing" is passed on', async () => {
  await expect(readJsonFileOrRefuse(tmp.path, fallback)).rejects.toMatchObject({ code: 'EISDIR' });
});
