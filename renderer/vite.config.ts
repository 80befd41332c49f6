// Builds the renderer into renderer/dist. `base: './'` keeps every asset URL relative,
// so the same build loads from the headless host's `/` and from Electron's file:// page.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));
// `vite --config renderer/vite.config.ts` in dev: forward the Api to a running `portcullis serve`.
const hostUrl = process.env.PORTCULLIS_URL ?? 'http://127.0.0.1:7337';

export default defineConfig({
  root,
  base: './',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts anywhere: the page runs under a strict CSP.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: hostUrl, changeOrigin: false }, '/login': { target: hostUrl } },
  },
});
