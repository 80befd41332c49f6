import { afterAll, beforeAll, expect, it } from 'vitest';
import { VERSION } from '../../../shared/version.js';
import { settingsApi } from '../../../electron/gateway/api/settings-api.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { HEADLESS_SECRETS_WARNING } from '../../../electron/gateway/store/config-store.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-settings-api-');
let app: Portcullis;
beforeAll(async () => {
  app = await Portcullis.start({ dataDir: tmp.path, port: 0, host: '127.0.0.1', superviseUpstreams: false });
});
afterAll(() => app.close());

it('getInfo: version, data dir, URL, host, paused; no store on the desktop; the plain box\'s warning', async () => {
  const info = await settingsApi(app, 'headless').getInfo({});
  expect(info).toMatchObject({ version: VERSION, dataDir: tmp.path, url: app.gateway.url, paused: false, host: 'headless' });
  expect(info).not.toHaveProperty('store');
  expect(info.secretStorageWarning).toBe(HEADLESS_SECRETS_WARNING); // the core's box is the plain one
});

it('setPaused pauses and resumes, returns the new info and announces the change once', async () => {
  const api = settingsApi(app, 'electron');
  const pausedEvents: boolean[] = [];
  const unsubscribe = app.events.subscribe((event, payload) => {
    if (event === 'paused-changed') pausedEvents.push((payload as { paused: boolean }).paused);
  });
  try {
    expect((await api.setPaused({ paused: true })).paused).toBe(true);
    expect(app.paused).toBe(true);
    await api.setPaused({ paused: true });
    expect((await api.setPaused({ paused: false })).paused).toBe(false);
  } finally {
    unsubscribe();
  }
  expect(pausedEvents).toEqual([true, false]);
});

it('updateSettings merges the patch, notifications key by key, and stores it', async () => {
  const api = settingsApi(app, 'headless');
  const before = await api.getSettings({});
  const after = await api.updateSettings({ logRetentionDays: 7, notifications: { approvals: false } });
  expect(after).toEqual({ ...before, logRetentionDays: 7, notifications: { ...before.notifications, approvals: false } });
  expect(await api.getSettings({})).toEqual(after);
  expect(app.gateway.config.data.settings.logRetentionDays).toBe(7);
});
