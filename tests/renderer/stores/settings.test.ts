// The settings store: the gateway's settings (loaded on start, replaced by settings-changed and by
// an update's answer) and the window's theme, kept in this browser's localStorage and applied to
// the page as data-theme (none for "system").
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/config.js';
import { freshApp, settled } from './fresh-app.js';

/** The browser parts the store reads: localStorage (failing, in private mode) and the root element's dataset. */
function fakeBrowser(saved: Record<string, string>, { failing = false } = {}) {
  const dataset: Record<string, string> = {};
  const storage = {
    getItem: (key: string) => {
      if (failing) throw new Error('SecurityError');
      return saved[key] ?? null;
    },
    setItem: (key: string, value: string) => {
      if (failing) throw new Error('SecurityError');
      saved[key] = value;
    },
    removeItem: (key: string) => {
      if (failing) throw new Error('SecurityError');
      delete saved[key];
    },
  };
  vi.stubGlobal('window', { localStorage: storage });
  vi.stubGlobal('document', { documentElement: { dataset } });
  return { saved, dataset };
}

async function started(answers: Parameters<typeof freshApp>[0] = {}) {
  const fresh = await freshApp({ getSettings: () => ({ ...DEFAULT_SETTINGS }), ...answers });
  const { settings } = await import('../../../renderer/src/stores/settings.svelte.js');
  settings.start();
  await settled();
  return { ...fresh, settings };
}

afterEach(() => vi.unstubAllGlobals());

describe('the gateway settings', () => {
  test('loaded on start; settings-changed and an update replace them', async () => {
    fakeBrowser({});
    const changed: Settings = { ...DEFAULT_SETTINGS, callTimeoutSeconds: 30 };
    const { client, settings } = await started({ updateSettings: (patch) => ({ ...DEFAULT_SETTINGS, ...patch }) as Settings });
    expect(settings.current).toEqual(DEFAULT_SETTINGS);
    client.emit('settings-changed', changed);
    expect(settings.current?.callTimeoutSeconds).toBe(30);
    await settings.update({ logRetentionDays: 7 });
    expect(client.inputs.at(-1)).toEqual(['updateSettings', { logRetentionDays: 7 }]);
    expect(settings.current?.logRetentionDays).toBe(7);
  });

  test('settings that cannot load say why', async () => {
    fakeBrowser({});
    const { settings, toasts } = await started({ getSettings: () => Promise.reject(new Error('gateway stopped')) });
    expect(settings.current).toBeUndefined();
    expect(toasts.list.map((t) => t.text)).toEqual(['Could not load settings: gateway stopped']);
  });
});

describe('the theme', () => {
  test('starts from the saved choice and applies it; an unknown saved value means system', async () => {
    const { dataset } = fakeBrowser({ 'portcullis.theme': 'dark' });
    const { settings } = await started();
    expect(settings.theme).toBe('dark');
    expect(dataset.theme).toBe('dark');

    const other = fakeBrowser({ 'portcullis.theme': 'purple' });
    const again = await started();
    expect(again.settings.theme).toBe('system');
    expect(other.dataset.theme).toBeUndefined();
  });

  test('a choice is saved and applied; system forgets it and follows the OS', async () => {
    const { saved, dataset } = fakeBrowser({});
    const { settings } = await started();
    settings.setTheme('light');
    expect([saved['portcullis.theme'], dataset.theme]).toEqual(['light', 'light']);
    settings.setTheme('system');
    expect(saved).toEqual({});
    expect(dataset.theme).toBeUndefined();
  });

  test('without storage (private mode) the choice still applies, for this window only', async () => {
    const { dataset } = fakeBrowser({}, { failing: true });
    const { settings } = await started();
    expect(settings.theme).toBe('system');
    settings.setTheme('dark');
    expect([settings.theme, dataset.theme]).toEqual(['dark', 'dark']);
  });
});
