import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore, type RunningCore } from '../../../../electron/main/core/start-core.js';
import { plainSecretBox } from '../../../../electron/gateway/store/secret-box.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

describe('the core in-process', () => {
  let dataDir: string;
  let running: RunningCore | undefined;

  beforeEach(async () => {
    dataDir = makeTempDir('portcullis-electron-start-');
  });
  afterEach(async () => {
    await running?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts the same core as `portcullis serve`, with the Electron Api and the warning', async () => {
    running = await startCore({ dataDir, port: 0, uiDir: path.resolve('renderer/dist'), secrets: plainSecretBox('not encrypted'), log: () => undefined });
    const info = await running.api.getInfo({});
    expect(info).toMatchObject({ host: 'electron', dataDir, url: running.app.gateway.url, secretStorageWarning: 'not encrypted' });
    expect((await running.api.setPaused({ paused: true })).secretStorageWarning).toBe('not encrypted');
  });

  it('writes runtime.json so the CLI reaches the tray app, and removes it on close', async () => {
    running = await startCore({ dataDir, port: 0, uiDir: path.resolve('renderer/dist'), log: () => undefined });
    const runtimeFile = path.join(dataDir, 'runtime.json');
    const runtime = JSON.parse(await readFile(runtimeFile, 'utf8')) as { pid: number; url: string; adminToken: string };
    expect(runtime).toMatchObject({ pid: process.pid, url: running.app.gateway.url });
    expect((await stat(runtimeFile)).mode & 0o777).toBe(0o600);
    const response = await fetch(`${runtime.url}/api/listApprovals`, { method: 'POST', headers: { authorization: `Bearer ${runtime.adminToken}`, 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
    await running.close();
    await running.close(); // idempotent: the tray's Quit and a signal may both ask
    running = undefined;
    await expect(stat(runtimeFile)).rejects.toThrow(/ENOENT/);
  });
});
