#!/usr/bin/env node
// Which source files have no test at the mirrored path, and which unit tests have no source.
// Tests mirror the source tree path for path (electron/gateway/x/y.ts → tests/gateway/x/y.test.ts).
// Integration, reliability and e2e tests cross modules on purpose and are not counted.
// Build files (build/, .github/, scripts/) are not TypeScript sources and need no test each, but a
// test of one lives at the mirrored path and must name a file or folder there by its stem
// (tests/electron/build/icons.test.ts → build/icons/). Electron's build files are tested under
// tests/electron/ (that project mocks `electron`, which their tests load), other scripts under tests/scripts/.
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

// Build folder → test folder, for tests of files that are not TypeScript sources.
const BUILD_MIRRORS = [
  ['build/', 'tests/electron/build/'],
  ['.github/', 'tests/electron/github/'],
  ['scripts/', 'tests/electron/scripts/'],
  ['scripts/', 'tests/scripts/'],
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
const isUnitTest = (file) => /\.test\.ts$/.test(file) && !file.includes('/e2e/');
const tests = new Set(MIRRORS.flatMap(([, to]) => walk(to)).filter(isUnitTest).filter((file) => !BUILD_MIRRORS.some(([, to]) => file.startsWith(to))));
const buildTests = [...new Set(BUILD_MIRRORS.flatMap(([, to]) => walk(to)))].filter(isUnitTest);

const mirrorOf = (source) => {
  const [from, to] = MIRRORS.find(([prefix]) => source.startsWith(prefix));
  return to + stem(source.slice(from.length));
};
const testStems = new Map([...tests].map((test) => [test.replace(/(\.svelte)?\.test\.ts$/, ''), test]));

const untested = sources.filter((source) => !testStems.has(mirrorOf(source)));
const mirrored = new Set(sources.map(mirrorOf));
// A topic beside the module's own test (config-store-secrets.test.ts next to config-store.ts) has a source.
const hasSource = (testStem) => mirrored.has(testStem) || [...mirrored].some((m) => testStem.startsWith(`${m}-`));
// A build file's stem is its name without extensions (electron-builder.json → electron-builder); a folder's is its name.
const buildStems = new Set(
  BUILD_MIRRORS.flatMap(([from, to]) => {
    if (!existsSync(path.join(root, from))) return [];
    return readdirSync(path.join(root, from), { recursive: true, withFileTypes: true }).map((entry) => {
      const file = path.relative(path.join(root, from), path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/');
      return to + (entry.isDirectory() ? file : file.replace(/\.[^/]*$/, ''));
    });
  }),
);
const hasBuildFile = (testStem) => buildStems.has(testStem) || [...buildStems].some((s) => testStem.startsWith(`${s}-`));
const orphans = [
  ...[...tests].filter((test) => !hasSource(test.replace(/(\.svelte)?\.test\.ts$/, ''))),
  ...buildTests.filter((test) => !hasBuildFile(test.replace(/\.test\.ts$/, ''))),
];

console.log(`${sources.length} source files, ${sources.length - untested.length} with a test at the mirrored path, ${untested.length} without`);
console.log(`${tests.size + buildTests.length} unit test files, ${orphans.length} without a source at the mirrored path`);
if (list) {
  console.log('\nSource files without a mirrored test:');
  for (const file of untested) console.log(`  ${file} → ${mirrorOf(file)}.test.ts`);
  console.log('\nTest files without a mirrored source:');
  for (const file of orphans) console.log(`  ${file}`);
}
