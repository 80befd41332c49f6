import { mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../electron/gateway/policy/engine.js';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import { PolicyFiles, readPolicyFile, writePolicyFile, type LoadedPolicy } from '../../../electron/gateway/policy/policy-files.js';
import type { PolicyIssue } from '../../../shared/policy/types.js';
import { DEFAULT_DENY_POLICY } from '../../../shared/policy/validate.js';
import { waitFor } from '../../helpers/wait-for.js';
import { DESIGN_EXAMPLE } from '../../shared/policy/fixtures.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const allowAll = { version: '1', default: 'allow' };
const denyAll = { version: '1', default: 'deny' };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PolicyFiles', () => {
  let dataDir: string;
  let files: PolicyFiles | undefined;
  let changed: { serverId: string; loaded: LoadedPolicy }[];
  let refused: { serverId: string; errors: PolicyIssue[] }[];

  const open = async () => {
    files = await PolicyFiles.open({
      dataDir,
      debounceMs: 30,
      onChanged: (serverId, loaded) => changed.push({ serverId, loaded }),
      onRefused: (serverId, errors) => refused.push({ serverId, errors }),
    });
    return files;
  };
  const policyFile = (id: string) => path.join(dataDir, 'policies', `${id}.json`);

  beforeEach(async () => {
    dataDir = makeTempDir('portcullis-policies-');
    changed = [];
    refused = [];
  });
  afterEach(async () => {
    files?.close();
    files = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('gives a server without a file the default deny policy and a clear message', async () => {
    const policies = await open();
    const loaded = policies.get('odoo');
    expect(loaded.policy).toBe(DEFAULT_DENY_POLICY);
    expect(loaded.source).toBe('default');
    expect(loaded.message).toMatch(/^No policy file for server 'odoo' \(.*policies\/odoo\.json\): every call is denied until one is written/);
  });

  it('loads existing files at start; an invalid one is refused and the server stays on default deny', async () => {
    await mkdir(path.join(dataDir, 'policies'), { recursive: true });
    await writeFile(policyFile('good'), JSON.stringify(DESIGN_EXAMPLE));
    await writeFile(policyFile('bad'), '{"version": "1", "default": "maybe"}');
    await writeFile(path.join(dataDir, 'policies', 'Not An Id.json'), '{}');
    const policies = await open();
    expect(policies.get('good')).toMatchObject({ source: 'file', policy: DESIGN_EXAMPLE });
    expect(policies.get('bad')).toMatchObject({ source: 'default', policy: DEFAULT_DENY_POLICY, refused: [{ path: 'default' }] });
    expect(refused).toEqual([{ serverId: 'bad', errors: [{ path: 'default', message: "expected allow, deny or approve, got 'maybe'" }] }]);
    expect(policies.list().map((l) => l.serverId)).toEqual(['bad', 'good']);
  });

  it('save validates, writes atomically and activates; an invalid document is refused and nothing is written', async () => {
    const policies = await open();
    const saved = await policies.save('odoo', DESIGN_EXAMPLE);
    expect(saved.ok).toBe(true);
    expect(JSON.parse(await readFile(policyFile('odoo'), 'utf8'))).toEqual(DESIGN_EXAMPLE);
    expect(policies.get('odoo')).toMatchObject({ source: 'file', policy: DESIGN_EXAMPLE });
    expect(changed.map((c) => c.serverId)).toEqual(['odoo']);

    const bad = await policies.save('odoo', { ...DESIGN_EXAMPLE, defualt: 'allow' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]?.message).toMatch(/did you mean 'default'/);
    expect(JSON.parse(await readFile(policyFile('odoo'), 'utf8'))).toEqual(DESIGN_EXAMPLE);
    expect((await policies.save('../etc', allowAll)).ok).toBe(false);
    await pause(150); // the watcher sees our own write and must not report it again
    expect(changed).toHaveLength(1);
  });

  it('hot-reloads a good hand edit, refuses a bad one and keeps the last good policy', async () => {
    const policies = await open();
    const engine = new PolicyEngine({ serverId: 'odoo', policy: policies.get('odoo').policy, counters: new MemoryCounterStore() });
    const decide = async () => (await engine.decide({ tool: { name: 'anything' }, args: {}, grant: 'g', sessionId: 's' })).action;
    const wire = (serverId: string, loaded: LoadedPolicy) => serverId === 'odoo' && engine.setPolicy(loaded.policy);
    files?.close();
    files = await PolicyFiles.open({ dataDir, debounceMs: 30, onChanged: (id, loaded) => (changed.push({ serverId: id, loaded }), wire(id, loaded)), onRefused: (id, errors) => refused.push({ serverId: id, errors }) });
    expect(await decide()).toBe('deny');

    await writeFile(policyFile('odoo'), JSON.stringify(allowAll, null, 2));
    await waitFor(() => changed.length === 1, { what: 'the good edit' });
    expect(await decide()).toBe('allow');

    await writeFile(policyFile('odoo'), '{"version": "1", "default": "allow",\n  "tools": {"x": {"limits": [{"counter": "c", "window": "minutes", "max": 1, "scope": "grant"}]}}}');
    await waitFor(() => refused.length === 1, { what: 'the refusal' });
    expect(refused[0]?.errors).toEqual([{ path: 'tools.x.limits[0].window', message: expect.stringMatching(/got 'minutes'/) as string }]);
    expect(await decide()).toBe('allow');
    expect(files.get('odoo')).toMatchObject({ source: 'file', policy: allowAll, message: expect.stringMatching(/refused \(1 error\); the last good version stays active/) as string });

    await writeFile(policyFile('odoo'), '{"version": "1", "default": ');
    await waitFor(() => refused.length === 2, { what: 'the syntax refusal' });
    expect(refused[1]?.errors[0]).toMatchObject({ line: 1, column: 29 });
    expect(await decide()).toBe('allow');
  });

  it('applies editors’ rename-writes once, without passing through default deny', async () => {
    const policies = await open();
    await policies.save('odoo', denyAll);
    changed = [];
    // write a temp file and rename it over (atomic save)
    const tmp = path.join(dataDir, 'policies', '.odoo.json.swp');
    await writeFile(tmp, JSON.stringify(allowAll));
    await rename(tmp, policyFile('odoo'));
    await waitFor(() => changed.length >= 1, { what: 'the rename-write' });
    await pause(150);
    expect(changed.map((c) => c.loaded.policy.default)).toEqual(['allow']);
    // move the old file aside, then write the new one a moment later (backup-then-write)
    changed = [];
    await rename(policyFile('odoo'), path.join(dataDir, 'policies', 'odoo.json~'));
    await pause(40);
    await writeFile(policyFile('odoo'), JSON.stringify(denyAll));
    await waitFor(() => changed.length >= 1, { what: 'the backup-then-write' });
    await pause(200);
    expect(changed.map((c) => c.loaded.source)).toEqual(['file']);
    expect(policies.get('odoo').policy.default).toBe('deny');
  });

  it('falls back to default deny when the file is deleted', async () => {
    const policies = await open();
    await policies.save('odoo', allowAll);
    changed = [];
    await unlink(policyFile('odoo'));
    await waitFor(() => changed.length === 1, { what: 'the deletion' });
    expect(changed[0]?.loaded).toMatchObject({ source: 'default', policy: DEFAULT_DENY_POLICY });
    expect(policies.get('odoo').policy).toBe(DEFAULT_DENY_POLICY);
  });

  it('one-shot helpers write and read a policy without watching, and a running instance picks the write up', async () => {
    const policies = await open();
    expect((await writePolicyFile(dataDir, 'odoo', { version: '1', default: 'alow' })).ok).toBe(false);
    expect(await writePolicyFile(dataDir, 'odoo', DESIGN_EXAMPLE)).toMatchObject({ ok: true });
    expect(await readPolicyFile(dataDir, 'odoo')).toMatchObject({ source: 'file', policy: DESIGN_EXAMPLE });
    expect(await readPolicyFile(dataDir, 'other')).toMatchObject({ source: 'default', policy: DEFAULT_DENY_POLICY });
    await waitFor(() => changed.length === 1, { what: 'the running instance to reload' });
    expect(policies.get('odoo').policy).toEqual(DESIGN_EXAMPLE);
  });

  it('save rejects when the file cannot be written, and the active policy stays', async () => {
    const policies = await open();
    await mkdir(policyFile('odoo')); // a folder where the file should be: the rename fails
    await expect(policies.save('odoo', allowAll)).rejects.toThrow();
    expect(policies.get('odoo').policy).toBe(DEFAULT_DENY_POLICY);
  });

  it('stops watching on close', async () => {
    const policies = await open();
    policies.close();
    await writeFile(policyFile('odoo'), JSON.stringify(allowAll));
    await pause(150);
    expect(changed).toEqual([]);
    expect(policies.get('odoo').source).toBe('default');
  });
});
