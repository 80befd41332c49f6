// Gateway settings, plus the window's own theme choice (kept in this browser only).
import type { ApiInput } from '../../../shared/api.js';
import type { Settings } from '../../../shared/config.js';
import { app } from './app.svelte.js';
import { toasts } from './toasts.svelte.js';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEME_KEY = 'portcullis.theme';

function readTheme(): ThemeChoice {
  try {
    const saved = window.localStorage.getItem(THEME_KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

class SettingsStore {
  current = $state<Settings | undefined>();
  theme = $state<ThemeChoice>(readTheme());
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    app.on((event) => {
      if (event.event === 'settings-changed') this.current = event.data;
    });
    void this.load();
    this.applyTheme();
  }

  async load(): Promise<void> {
    try {
      this.current = await app.client.getSettings({});
    } catch (error) {
      toasts.error(error, 'Could not load settings');
    }
  }

  async update(patch: ApiInput<'updateSettings'>): Promise<void> {
    this.current = await app.client.updateSettings(patch);
  }

  setTheme(theme: ThemeChoice): void {
    this.theme = theme;
    try {
      if (theme === 'system') window.localStorage.removeItem(THEME_KEY);
      else window.localStorage.setItem(THEME_KEY, theme);
    } catch {
      // private mode: the choice lasts for this window only
    }
    this.applyTheme();
  }

  private applyTheme(): void {
    if (this.theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = this.theme;
  }
}

export const settings = new SettingsStore();
