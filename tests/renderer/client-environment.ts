// The renderer's Vitest environment: Node's globals, but modules transformed for the browser
// (Vite's client environment), so Svelte's runes compile to the client runtime the window
// runs: $derived and $effect react, as they do in the app. No DOM: a test fakes the few
// browser globals its module reads.
import type { Environment } from 'vitest/environments';

export default {
  name: 'renderer-client',
  viteEnvironment: 'client',
  setup: () => ({ teardown: () => undefined }),
} satisfies Environment;
