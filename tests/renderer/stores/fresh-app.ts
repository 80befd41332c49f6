// Each store is a module-level singleton that starts once: a test that wants a store of its own
// loads the modules afresh (vi.resetModules), starts the app store on a fake client, then
// imports the store under test, which shares that app store.
import { vi } from 'vitest';
import type { AppInfo } from '../../../shared/api.js';
import { fakeClient, type FakeAnswers, type FakeClient } from './fake-client.js';

export const INFO: AppInfo = { version: '0.1.0', dataDir: '/tmp/x', url: 'http://127.0.0.1:1', paused: false, host: 'headless' };

export async function freshApp(answers: FakeAnswers): Promise<{ client: FakeClient; app: typeof import('../../../renderer/src/stores/app.svelte.js').app; toasts: typeof import('../../../renderer/src/stores/toasts.svelte.js').toasts }> {
  vi.resetModules();
  const client = fakeClient({ getInfo: () => INFO, ...answers });
  const { app } = await import('../../../renderer/src/stores/app.svelte.js');
  const { toasts } = await import('../../../renderer/src/stores/toasts.svelte.js');
  if (!(await app.start(client))) throw new Error('the app store did not start');
  return { client, app, toasts };
}

/** Lets the fake client's answers (promises) settle. */
export async function settled(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
