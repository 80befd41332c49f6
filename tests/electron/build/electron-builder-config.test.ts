// build/electron-builder.json against electron-builder's own JSON schema, plus the promises
// the schema cannot check: every target, every file it points to, the fuses.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { appFiles } from '../../../electron/main/app-paths.js';
import { APP_ID } from '../../../electron/main/app-paths.js';
import { TRAY_STATES } from '../../../electron/main/tray/tray-state.js';

const readJson = async (file: string) => JSON.parse(await readFile(path.resolve(file), 'utf8')) as Record<string, any>;

describe('electron-builder configuration', () => {
  it('is valid against node_modules/app-builder-lib/scheme.json', async () => {
    const schema = await readJson('node_modules/app-builder-lib/scheme.json');
    const ajv = new Ajv({ allErrors: true, strict: false });
    // The schema marks hook options with a non-standard `typeof: "function"`; a JSON file holds no functions.
    ajv.addKeyword({ keyword: 'typeof', validate: (expected: string, data: unknown) => typeof data === expected });
    const validate = ajv.compile(schema);
    const config = await readJson('build/electron-builder.json');
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The check has teeth: a misspelt option is refused.
    expect(validate({ ...config, electronFuse: {} })).toBe(false);
    expect(validate({ ...config, nsis: { ...config.nsis, oneClik: true } })).toBe(false);
  });

  it('builds AppImage + deb, NSIS and dmg with the app id the main process uses', async () => {
    const config = await readJson('build/electron-builder.json');
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe('Portcullis');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t: { target: string }) => t.target)).toEqual(['dmg']);
  });

  it('sets the Electron fuses', async () => {
    const { electronFuses } = await readJson('build/electron-builder.json');
    expect(electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('packs the bundles and the UI, and ships every icon and tray image the app loads', async () => {
    const config = await readJson('build/electron-builder.json');
    const pkg = await readJson('package.json');
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'renderer/dist/**/*']));
    expect(config.extraMetadata.main).toBe(pkg.main);
    for (const icon of [config.mac.icon, config.win.icon, config.nsis.installerIcon, config.mac.entitlements]) expect(existsSync(path.resolve(icon)), icon).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(existsSync(path.resolve(config.linux.icon, `${size}x${size}.png`))).toBe(true);
    // What main loads when packaged, from extraResources.
    const resources = path.resolve('release/fake-resources');
    const packaged = appFiles(path.join(resources, 'app.asar'), resources);
    const copied = (config.extraResources as { from: string; to: string }[]).map((r) => [path.join(resources, r.to), path.resolve(r.from)]);
    const sourceOf = (file: string) => {
      const hit = copied.find(([to]) => file === to || file.startsWith(to + path.sep));
      return hit ? path.join(hit[1]!, path.relative(hit[0]!, file)) : undefined;
    };
    expect(existsSync(sourceOf(packaged.windowIcon) ?? '')).toBe(true);
    for (const state of TRAY_STATES) {
      for (const name of [`${state}.png`, `${state}@2x.png`, `${state}Template.png`, `${state}Template@2x.png`]) {
        expect(existsSync(sourceOf(path.join(packaged.trayIconDir, name)) ?? ''), name).toBe(true);
      }
    }
  });
});
