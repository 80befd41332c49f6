// The CI workflow can only run on the CI service; here we check it points at things that exist.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('.github/workflows/electron.yml', () => {
  it('builds on Linux, Windows and macOS, runs the e2e specs and keeps the installers', async () => {
    const text = await readFile(path.resolve('.github/workflows/electron.yml'), 'utf8');
    expect(text).toMatch(/os: \[ubuntu-latest, windows-latest, macos-latest\]/);
    expect(text).toContain('node node_modules/electron/install.js');
    expect(text).toContain('tests/electron/e2e');
    expect(text).toContain('electron-builder --config build/electron-builder.json --publish never');
    for (const artifact of ['*.AppImage', '*.deb', '*.exe', '*.dmg']) expect(text).toContain(`release/${artifact}`);
  });

  it('refers only to files that exist', async () => {
    const text = await readFile(path.resolve('.github/workflows/electron.yml'), 'utf8');
    const files = [...text.matchAll(/\b((?:scripts|build|tests\/electron|renderer)\/[\w./-]+\.(?:mjs|json|ts))\b/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) expect(existsSync(path.resolve(file)), file).toBe(true);
  });
});
