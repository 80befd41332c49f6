#!/usr/bin/env node
// Which source files have no test at the mirrored path, and which unit tests have no source.
// Tests mirror the source tree path for path (electron/gateway/x/y.ts → tests/gateway/x/y.test.ts).
// Integration, reliability, e2e and script tests cross modules on purpose and are not counted.
// Usage: node scripts/test-mirror.mjs [--list] — prints counts; --list names every file.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

// Source folder → test folder. The first matching prefix wins (more specific first).
const MIRRORS = [
  ['electron/gateway/', 'tests/gateway/'],
  ['electron/cli/', 'tests/cli/'],
  ['electron/', 'tests/electron/'],
  ['shared/', 'tests/shared/'],
  ['renderer/src/lib/', 'tests/renderer/lib/'],
  ['renderer/src/stores/', 'tests/renderer/stores/'],
];

const root = process.cwd();
const list = process.argv.includes('--list');

function walk(dir) {
  if (!existsSync(path.join(root, dir))) return [];
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'));
}

const isSource = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts');
// A store's runes file (x.svelte.ts) is tested by x.test.ts or x.svelte.test.ts.
const stem = (file) => file.replace(/(\.svelte)?\.ts$/, '');

const sources = MIRRORS.flatMap(([from]) => walk(from).filter(isSource).filter((file) => MIRRORS.find(([prefix]) => file.startsWith(prefix))?.[0] === from));
const tests = new Set(MIRRORS.flatMap(([, to]) => walk(to)).filter((file) => /\.test\.ts$/.test(file) && !file.includes('/e2e/')));

const mirrorOf = (source) => {
  const [from, to] = MIRRORS.find(([prefix]) => source.startsWith(prefix));
  return to + stem(source.slice(from.length));
};
const testStems = new Map([...tests].map((test) => [test.replace(/(\.svelte)?\.test\.ts$/, ''), test]));

const untested = sources.filter((source) => !testStems.has(mirrorOf(source)));
const mirrored = new Set(sources.map(mirrorOf));
// A topic beside the module's own test (config-store-secrets.test.ts next to config-store.ts) has a source.
const hasSource = (testStem) => mirrored.has(testStem) || [...mirrored].some((m) => testStem.startsWith(`${m}-`));
const orphans = [...tests].filter((test) => !hasSource(test.replace(/(\.svelte)?\.test\.ts$/, '')));

console.log(`${sources.length} source files, ${sources.length - untested.length} with a test at the mirrored path, ${untested.length} without`);
console.log(`${tests.size} unit test files, ${orphans.length} without a source at the mirrored path`);
if (list) {
  console.log('\nSource files without a mirrored test:');
  for (const file of untested) console.log(`  ${file} → ${mirrorOf(file)}.test.ts`);
  console.log('\nTest files without a mirrored source:');
  for (const file of orphans) console.log(`  ${file}`);
}
