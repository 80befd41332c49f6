// Api: settings and app info (including pausing the gateway).
import type { AppInfo, PortcullisApi } from '../../../shared/api.js';
import type { Portcullis } from '../portcullis.js';
import { VERSION } from '../../../shared/version.js';

export function settingsApi(app: Portcullis, host: AppInfo['host']): Pick<PortcullisApi, 'getInfo' | 'setPaused' | 'getSettings' | 'updateSettings'> {
  const info = (): AppInfo => ({
    version: VERSION,
    dataDir: app.dataDir,
    url: app.gateway.url,
    paused: app.paused,
    host,
    ...(app.store ? { store: app.store } : {}),
    ...(app.gateway.config.secrets.encrypted ? {} : { secretStorageWarning: app.gateway.config.secrets.warning ?? 'Upstream env values and headers are stored unencrypted (readable only by your user).' }),
  });
  return {
    getInfo: async () => info(),
    async setPaused({ paused }) {
      app.setPaused(paused);
      return info();
    },
    getSettings: async () => app.gateway.config.settings,
    async updateSettings(patch) {
      return app.gateway.config.update((data) => {
        const { notifications, ...rest } = patch;
        data.settings = { ...data.settings, ...rest, notifications: { ...data.settings.notifications, ...(notifications ?? {}) } };
        return data.settings;
      });
    },
  };
}
