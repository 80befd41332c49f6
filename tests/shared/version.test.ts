// The version getInfo and telemetry report is the package's: a release that bumps one bumps both.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { VERSION } from '../../shared/version.js';

it('is package.json’s version', async () => {
  const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});
