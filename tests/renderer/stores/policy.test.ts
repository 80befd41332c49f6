// The policy store: a save takes the policy now active from the save's own answer, so the
// UI asks the gateway for it once (on opening), not again after saving and again when the
// save's policy-changed event arrives.
import { beforeAll, describe, expect, test } from 'vitest';
import type { AppInfo, PolicyView } from '../../../shared/api.js';
import { app } from '../../../renderer/src/stores/app.svelte.js';
import { policies } from '../../../renderer/src/stores/policy.svelte.js';
import { fakeClient, type FakeClient } from './fake-client.js';

const INFO: AppInfo = { version: '0.1.0', dataDir: '/tmp/x', url: 'http://127.0.0.1:1', paused: false, host: 'headless' };
let active: PolicyView = { serverId: 'odoo', source: 'default', text: '{\n  "version": "1",\n  "default": "deny"\n}\n' };
let client: FakeClient;

beforeAll(async () => {
  client = fakeClient({
    getInfo: () => INFO,
    getPolicy: () => active,
    savePolicy: ({ serverId, text }) => {
      active = { serverId, source: 'file', text: `${JSON.stringify(JSON.parse(text), null, 2)}\n` };
      client.emit('policy-changed', { serverId }); // the gateway announces it before it answers
      return { ok: true, warnings: [], policy: active };
    },
  });
  expect(await app.start(client)).toBe(true);
  policies.start();
});

const getPolicyCalls = () => client.calls.filter((method) => method === 'getPolicy').length;
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('saving a policy', () => {
  test('loads it once, saves it, and shows what the gateway wrote without asking again', async () => {
    const draft = policies.draft('odoo');
    await settled();
    expect(getPolicyCalls()).toBe(1);
    draft.replace('{"version":"1","default":"allow"}');
    expect(draft.dirty).toBe(true);

    const result = await draft.save();
    await settled();
    expect(result.ok).toBe(true);
    expect(getPolicyCalls()).toBe(1);
    expect(draft.active?.source).toBe('file');
    expect(draft.text).toBe('{\n  "version": "1",\n  "default": "allow"\n}\n');
    expect(draft.dirty).toBe(false);
  });

  test('a change made elsewhere (policy-changed with no save of ours) is loaded', async () => {
    active = { ...active, text: '{\n  "version": "1",\n  "default": "deny"\n}\n' };
    client.emit('policy-changed', { serverId: 'odoo' });
    await settled();
    expect(getPolicyCalls()).toBe(2);
    expect(policies.draft('odoo').text).toBe(active.text);
  });
});
