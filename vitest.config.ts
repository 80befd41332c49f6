import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    setupFiles: ['tests/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests spawn real MCP servers; two cores here, so keep the pool small.
    maxWorkers: 2,
    // The JSON report lets .ci/run print a plain 'N passed, N failed' line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      // The gateway core, CLI, renderer logic and integration suites: plain Node. Not isolated: a worker keeps its
      // module cache from file to file: Vitest on a clean clone went 443 → 340 s, most of it fewer process starts and
      // imports. A file that mocks a module clears the cache first (vi.resetModules in vi.hoisted); the two projects
      // below keep isolation, because each file there holds a mocked `electron` or a runes store of its own.
      { extends: true, test: { name: 'core', isolate: false, include: ['tests/**/*.test.ts'], exclude: ['tests/electron/**', 'tests/renderer/stores/**', 'tests/renderer/**/*.svelte.test.ts', '**/node_modules/**'] } },
      // The renderer's stores and other runes modules (x.svelte.ts, tested by tests/renderer/**/x.svelte.test.ts), compiled by the
      // Svelte plugin for the client runtime (see the environment file) so $derived and $effect react as in the window.
      { extends: true, plugins: [svelte({ configFile: false })], test: { name: 'renderer-stores', environment: './tests/renderer/client-environment.ts', include: ['tests/renderer/stores/**/*.test.ts', 'tests/renderer/**/*.svelte.test.ts'] } },
      // The Electron shell: `electron` is mocked once in its setup (no binary on this machine).
      { extends: true, test: { name: 'electron', include: ['tests/electron/**/*.test.ts'], setupFiles: ['tests/setup.ts', 'tests/electron/setup.ts'] } },
    ],
  },
});
