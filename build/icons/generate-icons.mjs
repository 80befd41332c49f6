#!/usr/bin/env node
// Builds every icon from the SVG sources in build/icons/src:
//   build/icons/icon.icns        macOS app icon (16…1024 px, with @2x entries)
//   build/icons/icon.ico         Windows app and installer icon (16…256 px)
//   build/icons/png/NxN.png      Linux icon set (16…1024 px), and the window icon
//   build/icons/icon.png         1024 px master
//   build/tray/<state>[@2x].png          coloured tray icons (Windows, Linux), 16 and 32 px
//   build/tray/<state>Template[@2x].png  monochrome template images (macOS), 16 and 32 px
// Usage: node build/icons/generate-icons.mjs [--out DIR]   (DIR defaults to build/)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSvg, rasterize } from './svg-raster.mjs';
import { encodeIcns, encodeIco, encodePng } from './image-files.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const TRAY_STATES = ['running', 'paused', 'attention', 'error'];
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** The icon tile on Apple's grid; Windows and Linux icons are cropped to it (plus the edge's anti-aliasing). */
const TILE_CROP = [96, 96, 832, 832];

export async function generateIcons(outRoot = path.resolve(here, '..')) {
  const app = parseSvg(await readFile(path.join(here, 'src', 'portcullis.svg'), 'utf8'));
  const written = [];
  const write = async (file, data) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
    written.push(file);
  };

  const macPngs = new Map();
  for (const size of [16, 32, 64, 128, 256, 512, 1024]) macPngs.set(size, encodePng(rasterize(app, size), size));
  await write(path.join(outRoot, 'icons', 'icon.icns'), encodeIcns(macPngs));

  const tilePngs = new Map(LINUX_SIZES.map((size) => [size, encodePng(rasterize(app, size, { crop: TILE_CROP }), size)]));
  for (const [size, png] of tilePngs) await write(path.join(outRoot, 'icons', 'png', `${size}x${size}.png`), png);
  await write(path.join(outRoot, 'icons', 'icon.png'), tilePngs.get(1024));
  await write(path.join(outRoot, 'icons', 'icon.ico'), encodeIco(ICO_SIZES.map((size) => ({ size, png: tilePngs.get(size) }))));

  for (const state of TRAY_STATES) {
    const tray = parseSvg(await readFile(path.join(here, 'src', `tray-${state}.svg`), 'utf8'));
    for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
      await write(path.join(outRoot, 'tray', `${state}${suffix}.png`), encodePng(rasterize(tray, size), size));
      await write(path.join(outRoot, 'tray', `${state}Template${suffix}.png`), encodePng(rasterize(tray, size, { monochrome: true }), size));
    }
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const out = at >= 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : undefined;
  const started = performance.now();
  const written = await generateIcons(out);
  console.log(`wrote ${written.length} icon files in ${Math.round(performance.now() - started)} ms`);
}
