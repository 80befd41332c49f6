import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerStatus } from '../../../../shared/config.js';
import { CRASH_STREAK } from '../../../../electron/main/notifications/crash-tracker.js';
import { Notifier } from '../../../../electron/main/notifications/notifier.js';
import { NotificationMock } from '../../electron-mock.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';

const failed = (id: string): ServerStatus => ({ id, state: 'failed', lastError: 'upstream exited with code 1', stderrTail: [], restarts: 1, sessions: 0, since: '' });
const ready = (id: string): ServerStatus => ({ ...failed(id), state: 'ready' });

describe('notifications (real core)', () => {
  let t: TestCore;
  let notifier: Notifier;
  const openWindow = vi.fn();

  async function start(platform: NodeJS.Platform = 'linux'): Promise<void> {
    notifier = new Notifier({ api: t.api, platform, openWindow, log: () => undefined });
    await notifier.start();
  }
  const shown = () => NotificationMock.instances.filter((n) => n.shown);
  /** Changes settings through the Api and waits for the event the notifier hears them by. */
  async function changeSettings(patch: Parameters<TestCore['api']['updateSettings']>[0]): Promise<void> {
    const heard = new Promise<void>((resolve) => {
      const stop = t.api.subscribe((event) => {
        if (event !== 'settings-changed') return;
        stop();
        resolve();
      });
    });
    await t.api.updateSettings(patch);
    await heard;
  }

  beforeEach(async () => {
    t = await startTestCore();
    NotificationMock.instances.length = 0;
    NotificationMock.supported = true;
  });
  afterEach(async () => {
    notifier?.dispose();
    await t.stop();
    vi.clearAllMocks();
  });

  it('one notification per approval request: tool, client and risk; a click opens Approvals', async () => {
    await start('linux');
    const { answer, id } = t.hold();
    expect(shown()).toHaveLength(1);
    const note = shown()[0]!;
    expect(note.title).toBe('Approve odoo_execute?');
    expect(note.body).toBe('Cursor wants to call odoo_execute on odoo. High risk (write).');
    expect(note.options.urgency).toBe('critical');
    // Linux has no notification actions: the click is the way in.
    expect(note.options.actions).toBeUndefined();
    note.emit('click', {});
    expect(openWindow).toHaveBeenCalledWith({ view: 'approvals' });
    await t.api.decideApproval({ id, decision: { action: 'deny' } });
    await answer;
  });

  it('macOS and Windows: Approve and Deny buttons decide in the core', async () => {
    await start('darwin');
    const first = t.hold();
    const note = shown()[0]!;
    expect(note.options.actions.map((a: { text: string }) => a.text)).toEqual(['Approve', 'Deny']);
    note.emit('action', { actionIndex: 0 }, 0);
    await expect(first.answer).resolves.toMatchObject({ outcome: 'approved', scope: 'once', by: 'notification' });

    notifier.dispose();
    await start('win32');
    const second = t.hold({ tool: 'odoo_unlink' });
    shown().at(-1)!.emit('action', { actionIndex: 1 }, 1);
    await expect(second.answer).resolves.toMatchObject({ outcome: 'denied', by: 'notification' });
  });

  it('closes the notification when the request is answered elsewhere', async () => {
    await start();
    const { answer, id } = t.hold();
    await t.api.decideApproval({ id, decision: { action: 'approve', scope: 'once' } });
    await answer;
    expect(shown()[0]!.closed).toBe(true);
    expect(notifier.shown()).toHaveLength(0);
  });

  it('respects Settings.notifications.approvals', async () => {
    await t.api.updateSettings({ notifications: { approvals: false } });
    await start();
    const { answer, id } = t.hold();
    expect(shown()).toHaveLength(0);
    await t.api.decideApproval({ id, decision: { action: 'deny' } });
    await answer;
  });

  it('a rule that asks in the client only (approval.via ["client"]) raises no notification', async () => {
    await start();
    const { answer, id } = t.hold({ quiet: true });
    expect(shown()).toHaveLength(0);
    await t.api.decideApproval({ id, decision: { action: 'deny' } });
    await answer;
  });

  it('hears a switch changed after it started through the Api events', async () => {
    await start();
    await changeSettings({ notifications: { approvals: false } });
    const first = t.hold();
    expect(shown()).toHaveLength(0);
    await changeSettings({ notifications: { approvals: true } });
    const second = t.hold();
    expect(shown()).toHaveLength(1);
    for (const { answer, id } of [first, second]) {
      await t.api.decideApproval({ id, decision: { action: 'deny' } });
      await answer;
    }
  });

  it('shows nothing where the system has no notifications', async () => {
    NotificationMock.supported = false;
    await start();
    const { answer, id } = t.hold();
    expect(shown()).toHaveLength(0);
    await t.api.decideApproval({ id, decision: { action: 'deny' } });
    await answer;
  });

  it('a server that keeps crashing: one notification per streak, opening Servers', async () => {
    await start();
    for (let i = 1; i < CRASH_STREAK; i++) t.core.events.emit('server-status', failed('odoo'));
    expect(shown()).toHaveLength(0);
    t.core.events.emit('server-status', failed('odoo'));
    t.core.events.emit('server-status', failed('odoo'));
    expect(shown()).toHaveLength(1);
    expect(shown()[0]!.title).toBe('odoo keeps crashing');
    expect(shown()[0]!.body).toContain(`failed ${CRASH_STREAK} times in a row: upstream exited with code 1`);
    shown()[0]!.emit('click', {});
    expect(openWindow).toHaveBeenCalledWith({ view: 'servers' });
    // Ready again ends the streak; a new streak notifies again.
    t.core.events.emit('server-status', ready('odoo'));
    for (let i = 0; i < CRASH_STREAK; i++) t.core.events.emit('server-status', failed('odoo'));
    expect(shown()).toHaveLength(2);
  });

  it('a server that needs a sign-in: one notification until it is ready again, opening Servers', async () => {
    await start();
    const needsSignIn: ServerStatus = { ...failed('github'), state: 'needs-sign-in', lastError: 'sign in to github in Portcullis' };
    t.core.events.emit('server-status', needsSignIn);
    t.core.events.emit('server-status', needsSignIn);
    expect(shown()).toHaveLength(1);
    expect(shown()[0]!.title).toBe('Sign in to github');
    shown()[0]!.emit('click', {});
    expect(openWindow).toHaveBeenCalledWith({ view: 'servers' });
    t.core.events.emit('server-status', ready('github'));
    t.core.events.emit('server-status', needsSignIn);
    expect(shown()).toHaveLength(2);
  });

  it('respects Settings.notifications.serverCrashes', async () => {
    await t.api.updateSettings({ notifications: { serverCrashes: false } });
    await start();
    for (let i = 0; i < CRASH_STREAK; i++) t.core.events.emit('server-status', failed('odoo'));
    expect(shown()).toHaveLength(0);
  });

  it('a tool that changes its definition or appears since review: one notification per definition, opening that Catalog', async () => {
    await t.api.addServer({ id: 'odoo', upstream: { transport: 'stdio', command: process.execPath, args: ['-e', ''], env: {} } });
    const tool = (description: string) => ({ name: 'odoo_search', description, inputSchema: { type: 'object' as const } });
    const listing = (description: string, extra: { name: string; description: string; inputSchema: { type: 'object' } }[] = []) => ({ tools: [tool(description), ...extra], prompts: [], resourceTemplates: [] });
    t.core.catalog.sync('odoo', listing('Search records')); // the first listing is the baseline
    await start();
    const catalogEvent = () =>
      new Promise<void>((resolve) => {
        const stop = t.api.subscribe((event) => {
          if (event !== 'catalog-changed') return;
          stop();
          resolve();
        });
      });
    let heard = catalogEvent();
    t.core.catalog.sync('odoo', listing('Search records, then e-mail them to the admin'));
    await heard;
    await vi.waitFor(() => expect(shown()).toHaveLength(1));
    expect(shown()[0]).toMatchObject({ title: 'A tool on odoo changed' });
    expect(shown()[0]!.body).toContain("'odoo_search' changed its definition");
    shown()[0]!.emit('click', {});
    expect(openWindow).toHaveBeenCalledWith({ view: 'catalog', param: 'odoo' });

    // Another catalog event with nothing newly changed: no second notification for the same definition.
    heard = catalogEvent();
    t.core.catalog.sync('odoo', listing('Search records, then e-mail them to the admin', [{ name: 'odoo_read', description: 'Read one record', inputSchema: { type: 'object' } }]));
    await heard;
    await vi.waitFor(() => expect(shown()).toHaveLength(2));
    expect(shown()[1]!.body).toContain("'odoo_read' appeared");

    await changeSettings({ notifications: { toolChanges: false } });
    heard = catalogEvent();
    t.core.catalog.sync('odoo', listing('Search records for anyone'));
    await heard;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shown()).toHaveLength(2);
  });

  it('a refused policy edit: names the path and keeps the last good policy; opens that policy', async () => {
    await start();
    t.core.events.emit('policy-refused', { serverId: 'odoo', errors: [{ path: 'tools.x.action', message: 'must be allow, deny or approve' }, { path: 'default', message: 'required' }] });
    expect(shown()[0]).toMatchObject({ title: 'Policy for odoo refused', body: 'tools.x.action: must be allow, deny or approve (and 1 more). The last good policy stays active.' });
    shown()[0]!.emit('click', {});
    expect(openWindow).toHaveBeenCalledWith({ view: 'policy', param: 'odoo' });

    await changeSettings({ notifications: { policyRefused: false } });
    t.core.events.emit('policy-refused', { serverId: 'odoo', errors: [] });
    expect(shown()).toHaveLength(1);
  });
});
