#!/usr/bin/env node
// Bundles the Electron main process and preload with esbuild: one CommonJS file each
// (dist/electron/main.cjs, dist/electron/preload.cjs), `electron` left to the runtime.
//
//   node scripts/build-electron.mjs [--outdir DIR]   build
//   node scripts/build-electron.mjs --start [ARGS]   `npm start`: build and launch the tray app
//                                                    where an Electron binary exists, else run
//                                                    `portcullis serve ARGS` (headless).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Sandboxed preloads may require only these (Electron's own list). */
const PRELOAD_REQUIRES = new Set(['electron', 'events', 'timers', 'url']);

export async function buildElectron(outdir = path.join(root, 'dist', 'electron')) {
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: 'cjs',
    external: ['electron'],
    // jsonc-parser's "main" is a UMD build that requires './impl/format' at run time, which a
    // bundle cannot resolve: take its ES module build, which imports statically.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    // An `import.meta` that CommonJS cannot give is a broken path at run time: fail the build.
    logOverride: { 'empty-import-meta': 'error' },
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/main.ts'],
      outfile: path.join(outdir, 'main.cjs'),
      platform: 'node',
      target: 'node22',
      // ESM code in the bundle (the core, ESM-only dependencies) asks for its own URL.
      define: { 'import.meta.url': '__portcullis_import_meta_url' },
      banner: { js: 'const __portcullis_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    }),
    // The regex worker thread (electron/gateway/policy/regex-runner.ts looks for it beside main.cjs).
    build({
      ...common,
      entryPoints: ['electron/gateway/policy/regex-worker.ts'],
      outfile: path.join(outdir, 'regex-worker.cjs'),
      platform: 'node',
      target: 'node22',
      define: { 'import.meta.url': '__portcullis_import_meta_url' },
      banner: { js: 'const __portcullis_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    }),
    build({
      ...common,
      entryPoints: ['electron/preload.ts'],
      outfile: path.join(outdir, 'preload.cjs'),
      platform: 'browser',
      target: 'chrome130',
    }),
  ]);
  const preloadRequires = requiresOf(readFileSync(path.join(outdir, 'preload.cjs'), 'utf8'));
  const forbidden = preloadRequires.filter((name) => !PRELOAD_REQUIRES.has(name));
  if (forbidden.length > 0) throw new Error(`the sandboxed preload cannot require ${forbidden.join(', ')}: bundle them or drop them`);
  return { main: path.join(outdir, 'main.cjs'), preload: path.join(outdir, 'preload.cjs') };
}

/** Module names a CommonJS bundle still requires at run time. */
export function requiresOf(code) {
  return [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))];
}

/** The Electron binary, if this machine has one (never `require('electron')`: it tries to download). */
export function electronBinary() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const binary = override ? path.join(override, relative ?? 'electron') : relative ? path.join(root, 'node_modules', 'electron', 'dist', relative) : undefined;
  return binary && existsSync(binary) ? binary : undefined;
}

async function start(args) {
  const binary = electronBinary();
  const run = (command, commandArgs) =>
    new Promise((resolve) => {
      const child = spawn(command, commandArgs, { stdio: 'inherit', cwd: root });
      const forward = (signal) => child.kill(signal);
      process.on('SIGINT', forward).on('SIGTERM', forward);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  if (binary) {
    await buildElectron();
    return run(binary, [root, ...args]);
  }
  console.error('No Electron binary on this machine: starting the headless gateway instead (`portcullis serve`).');
  return run(process.execPath, [path.join(root, 'bin', 'portcullis.js'), 'serve', ...args]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  try {
    if (args[0] === '--start') {
      process.exitCode = await start(args.slice(1));
    } else {
      const at = args.indexOf('--outdir');
      const outdir = at >= 0 && args[at + 1] ? path.resolve(args[at + 1]) : undefined;
      const out = await buildElectron(outdir);
      console.log(`built ${path.relative(root, out.main) || out.main} and ${path.relative(root, out.preload) || out.preload}`);
    }
  } catch (error) {
    console.error(`build-electron: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
