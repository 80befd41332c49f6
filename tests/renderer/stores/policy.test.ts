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

describe('changes proposed from outside the editor (catalog, calls, approvals)', () => {
  const saves = () => client.calls.filter((method) => method === 'savePolicy').length;
  const allowX = (doc: Record<string, unknown>) => ({ ...doc, tools: { x: { reason: 'kept' } } });

  test('a proposal is drafted on the active policy and saves nothing until it is saved', async () => {
    active = { serverId: 'odoo', source: 'file', text: '{\n  "version": "1",\n  "default": "deny",\n  "tools": { "x": { "action": "deny", "reason": "kept" } }\n}\n' };
    const before = saves();
    const proposal = await policies.propose('odoo', 'Allow x', allowX);
    expect(proposal.before).toBe(active.text);
    expect(JSON.parse(proposal.after)).toEqual({ version: '1', default: 'deny', tools: { x: { reason: 'kept' } } });
    expect(saves()).toBe(before);
    const outcome = await policies.saveProposal(proposal);
    expect('saved' in outcome && outcome.saved.ok).toBe(true);
    expect(saves()).toBe(before + 1);
    expect(JSON.parse(active.text)).toEqual({ version: '1', default: 'deny', tools: { x: { reason: 'kept' } } });
  });

  test('a policy changed while the review was open is not overwritten: the change is drafted again on top of it', async () => {
    const proposal = await policies.propose('odoo', 'Allow x', allowX);
    active = { ...active, text: '{\n  "version": "1",\n  "default": "allow"\n}\n' };
    const before = saves();
    const outcome = await policies.saveProposal(proposal);
    expect(saves()).toBe(before);
    expect('redrafted' in outcome && JSON.parse(outcome.redrafted.after)).toEqual({ version: '1', default: 'allow', tools: { x: { reason: 'kept' } } });
  });

  test('knows when any draft differs from its active policy, and where Open policy should land', async () => {
    const draft = policies.draft('odoo');
    await settled();
    draft.revert();
    expect(policies.anyDirty).toBe(false);
    draft.replace('{"version":"1","default":"approve"}');
    expect(policies.anyDirty).toBe(true);
    draft.revert();
    policies.focusOn('odoo', 'tools.x', 'x');
    policies.focusOn('odoo', undefined);
    expect(policies.focus).toMatchObject({ serverId: 'odoo', rule: 'default', seq: 2 });
  });
});
