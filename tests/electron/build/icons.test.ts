// The icons in build/ are what build/icons/generate-icons.mjs makes from the SVG sources:
// right sizes, right containers, templates truly monochrome, and up to date.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAY_STATES } from '../../../electron/main/tray/tray-state.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

interface Png {
  width: number;
  height: number;
  rgba: Uint8Array;
}
// The generator is plain JavaScript (it runs before any TypeScript build); typed here by hand.
const files = (await import(path.resolve('build/icons/image-files.mjs'))) as { readPng(png: Buffer): Png; ICNS_TYPES: [string, number][] };
const generator = (await import(path.resolve('build/icons/generate-icons.mjs'))) as { generateIcons(out: string): Promise<string[]>; ICO_SIZES: number[] };

const png = async (file: string) => files.readPng(await readFile(path.resolve(file)));

describe('icons', () => {
  let fresh: string;
  let written: string[];

  beforeAll(async () => {
    fresh = makeTempDir('portcullis-icons-');
    written = await generator.generateIcons(fresh);
  }, 120_000);
  afterAll(async () => rm(fresh, { recursive: true, force: true }));

  it('the committed icons match a fresh render of the SVG sources', async () => {
    expect(written).toHaveLength(28);
    for (const file of written) {
      const relative = path.relative(fresh, file);
      const committed = await readFile(path.resolve('build', relative));
      const rendered = await readFile(file);
      // Pixels, not bytes: zlib's output may differ between Node versions.
      const same = relative.endsWith('.png') ? Buffer.from(files.readPng(committed).rgba).equals(Buffer.from(files.readPng(rendered).rgba)) : committed.length === rendered.length;
      expect(same, `${relative} is stale: run node build/icons/generate-icons.mjs`).toBe(true);
    }
  });

  it('tray images: 16 px with 32 px @2x twins; templates are black with alpha only', async () => {
    for (const state of TRAY_STATES) {
      expect((await png(`build/tray/${state}.png`)).width).toBe(16);
      expect((await png(`build/tray/${state}@2x.png`)).width).toBe(32);
      for (const name of [`${state}Template.png`, `${state}Template@2x.png`]) {
        const { rgba } = await png(`build/tray/${name}`);
        let opaque = 0;
        let coloured = 0;
        for (let i = 0; i < rgba.length; i += 4) {
          if (rgba[i + 3] === 0) continue;
          opaque++;
          if (rgba[i] !== 0 || rgba[i + 1] !== 0 || rgba[i + 2] !== 0) coloured++;
        }
        expect(coloured, name).toBe(0);
        expect(opaque, name).toBeGreaterThan(20);
      }
    }
    // The states differ in shape, not only in colour (macOS shows shapes only).
    const shapes = await Promise.all(TRAY_STATES.map(async (s) => Buffer.from((await png(`build/tray/${s}Template.png`)).rgba).toString('base64')));
    expect(new Set(shapes).size).toBe(TRAY_STATES.length);
  });

  it('icon.ico holds PNGs of 16…256 px; icon.icns holds every macOS size', async () => {
    const ico = await readFile(path.resolve('build/icons/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual(generator.ICO_SIZES);
    const icns = await readFile(path.resolve('build/icons/icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) {
      types.push(icns.toString('ascii', offset, offset + 4));
      const entry = files.readPng(icns.subarray(offset + 8, offset + icns.readUInt32BE(offset + 4)));
      expect(entry.width).toBe(files.ICNS_TYPES.find(([t]) => t === types.at(-1))?.[1]);
    }
    expect(types).toEqual(files.ICNS_TYPES.map(([t]) => t));
  });

  it('the app icon is opaque in the middle and transparent at the corners (macOS tile)', async () => {
    const { width, rgba } = await png('build/icons/png/1024x1024.png');
    const alphaAt = (x: number, y: number) => rgba[(y * width + x) * 4 + 3];
    expect(alphaAt(512, 512)).toBe(255);
    expect(alphaAt(2, 2)).toBe(0);
  });
});
