#!/usr/bin/env node
// Runs npm scripts side by side, as many at once as the machine has cores, for `npm test`'s
// build and check stages: each is one single-threaded process (tsc, eslint, svelte-check), so
// running them one after another leaves cores idle. Each script's output is printed whole when
// it ends (never interleaved), with how long it took; the exit code is non-zero if any failed.
//
//   node scripts/run-parallel.mjs SCRIPT...   (longest first: the pool starts them in order)
import { spawn } from 'node:child_process';
import os from 'node:os';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node scripts/run-parallel.mjs SCRIPT...');
  process.exit(2);
}
const npm = process.env.npm_execpath;

/** Runs one npm script; resolves with its exit code once its whole output is printed. */
function runScript(name) {
  const started = performance.now();
  // Inside `npm test`, npm_execpath is npm's own CLI: run it with this node, no shell needed.
  const child = npm ? spawn(process.execPath, [npm, 'run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const status = code === 0 ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`;
      process.stdout.write(`\n> ${name}: ${status} in ${seconds} s\n${Buffer.concat(output).toString('utf8')}`);
      resolve(code ?? 1);
    });
  });
}

const queue = [...scripts];
const failed = [];
async function lane() {
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if ((await runScript(name)) !== 0) failed.push(name);
  }
}
const lanes = Math.max(1, Math.min(os.availableParallelism(), scripts.length));
await Promise.all(Array.from({ length: lanes }, lane));
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
