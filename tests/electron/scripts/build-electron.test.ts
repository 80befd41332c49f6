// The built bundles, loaded by Node's own CommonJS loader (not vitest's), with `electron`
// answered by the mock through Module._load: proves each bundle is complete (only Node
// built-ins and electron left to require), CJS-clean, and that main + preload work together.
import { execFile } from 'node:child_process';
import { builtinModules, createRequire } from 'node:module';
import Module from 'node:module';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PortcullisClient } from '../../../shared/api.js';
import { API_METHODS } from '../../../shared/api-schema.js';
import { app, BrowserWindowMock, contextBridge, electronModule, ipcMain, TrayMock } from '../electron-mock.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const run = promisify(execFile);
const requireFromHere = createRequire(import.meta.url);
type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };

/** Requires still left in a bundle, outside string literals (ajv keeps some in generated-code strings). */
function runtimeRequires(code: string): string[] {
  return [...new Set([...code.matchAll(/(?<!['"`])\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!))];
}

describe('Electron bundles (scripts/build-electron.mjs)', () => {
  let outdir: string;
  let dataDir: string;
  const originalLoad = moduleWithLoad._load;
  const originalArgv = process.argv;

  beforeAll(async () => {
    outdir = makeTempDir('portcullis-bundle-');
    dataDir = makeTempDir('portcullis-bundle-data-');
    await run(process.execPath, ['scripts/build-electron.mjs', '--outdir', outdir], { cwd: path.resolve('.') });
    const mock = electronModule();
    moduleWithLoad._load = function (request, parent, isMain) {
      return request === 'electron' ? mock : originalLoad.call(this, request, parent, isMain);
    };
  }, 120_000);

  afterAll(async () => {
    moduleWithLoad._load = originalLoad;
    process.argv = originalArgv;
    await rm(outdir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('are CommonJS files that require only Node built-ins and electron', async () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const main = await readFile(path.join(outdir, 'main.cjs'), 'utf8');
    const preload = await readFile(path.join(outdir, 'preload.cjs'), 'utf8');
    expect(runtimeRequires(main).filter((m) => m !== 'electron' && !builtins.has(m))).toEqual([]);
    expect(runtimeRequires(preload)).toEqual(['electron']);
    for (const code of [main, preload]) expect(code).not.toMatch(/^\s*(import|export)\s[^(]/m);
    expect((await stat(path.join(outdir, 'preload.cjs'))).size).toBeLessThan(20_000);
  });

  it('main + preload: the core starts in-process, the window talks to it over IPC, Quit stops it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    process.argv = [process.execPath, path.resolve('.'), '--data-dir', dataDir, '--port', '0'];
    requireFromHere(path.join(outdir, 'main.cjs'));
    await vi.waitFor(() => expect(ipcMain.handlers.size).toBe(API_METHODS.length), { timeout: 15_000 });
    expect(BrowserWindowMock.getAllWindows()).toHaveLength(1);
    expect(TrayMock.instances).toHaveLength(1);

    requireFromHere(path.join(outdir, 'preload.cjs'));
    const bridge = contextBridge.exposed.get('portcullis') as PortcullisClient;
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'subscribe'].sort());

    const info = await bridge.getInfo({});
    expect(info).toMatchObject({ host: 'electron', dataDir });
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const events: string[] = [];
    const unsubscribe = bridge.subscribe((event) => events.push(event));
    await bridge.setPaused({ paused: true });
    expect(events).toContain('paused-changed');
    unsubscribe();
    await expect(bridge.setPaused({ paused: 'yes' } as never)).rejects.toMatchObject({ error: { code: 'invalid-input' } });

    const runtimeFile = path.join(dataDir, 'runtime.json');
    await stat(runtimeFile);
    app.quit();
    await vi.waitFor(() => expect(app.quitted).toBe(true), { timeout: 20_000 });
    await expect(stat(runtimeFile)).rejects.toThrow(/ENOENT/);
    expect(ipcMain.handlers.size).toBe(0);
    expect(errors.mock.calls.map(([m]) => String(m))).toContainEqual(expect.stringContaining('gateway listening on http://127.0.0.1:'));
    errors.mockRestore();
  });
});
