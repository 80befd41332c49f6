// Browser notifications for the headless UI: what state they are in (and why they cannot show,
// in words), permission asked only when the browser has not been told yet, and a notification for
// each of the three kinds (approval, server failure or sign-in, refused policy) only when granted,
// switched on, and the window is not the one the person is looking at.
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ApprovalRequest } from '../../../shared/approvals.js';
import { DEFAULT_SETTINGS } from '../../../shared/config.js';
import { freshApp, INFO, settled } from './fresh-app.js';

/** The Notification API as a browser offers it, recording what was shown. */
class FakeNotification extends EventTarget {
  static permission: NotificationPermission = 'granted';
  static answer: NotificationPermission = 'granted';
  static asked = 0;
  static shown: FakeNotification[] = [];
  closed = false;
  constructor(
    readonly title: string,
    readonly options: { body: string; tag: string },
  ) {
    super();
    FakeNotification.shown.push(this);
  }
  static requestPermission = async () => {
    FakeNotification.asked++;
    return FakeNotification.answer;
  };
  close(): void {
    this.closed = true;
    this.dispatchEvent(new Event('close'));
  }
}

function fakeBrowser({ secure = true, supported = true, looking = false } = {}) {
  FakeNotification.permission = 'granted';
  FakeNotification.answer = 'granted';
  FakeNotification.asked = 0;
  FakeNotification.shown = [];
  const window = { isSecureContext: secure, location: { hash: '#/calls' }, focus: vi.fn(), ...(supported ? { Notification: FakeNotification } : {}) };
  vi.stubGlobal('window', window);
  vi.stubGlobal('Notification', FakeNotification);
  vi.stubGlobal('document', { visibilityState: looking ? 'visible' : 'hidden', hasFocus: () => looking });
  return window;
}

async function started(host: 'headless' | 'electron' = 'headless') {
  const fresh = await freshApp({ getInfo: () => ({ ...INFO, host }) });
  const { browserNotifications, unavailableReason } = await import('../../../renderer/src/stores/browser-notifications.svelte.js');
  const { settings } = await import('../../../renderer/src/stores/settings.svelte.js');
  browserNotifications.start();
  browserNotifications.start();
  await settled();
  return { ...fresh, browserNotifications, unavailableReason, settings };
}

const REQUEST = { id: 'a1', server: 'odoo', grant: 'cursor', tool: 'odoo_unlink', riskClass: 'destructive', riskLevel: 'high' } as ApprovalRequest;
const shown = () => FakeNotification.shown.map((n) => [n.title, n.options.body, n.options.tag]);

afterEach(() => vi.unstubAllGlobals());

describe('state', () => {
  test('desktop in the tray app; insecure or unsupported where the browser cannot; else the permission', async () => {
    fakeBrowser();
    expect((await started('electron')).browserNotifications.state).toBe('desktop');
    fakeBrowser({ secure: false });
    expect((await started()).browserNotifications.state).toBe('insecure');
    fakeBrowser({ supported: false });
    expect((await started()).browserNotifications.state).toBe('unsupported');
    fakeBrowser();
    FakeNotification.permission = 'denied';
    const { browserNotifications } = await started();
    expect(browserNotifications.state).toBe('denied');
    FakeNotification.permission = 'granted';
    browserNotifications.refresh();
    expect(browserNotifications.state).toBe('granted');
  });

  test('says why they cannot show, and nothing when they can (or may once permitted)', async () => {
    fakeBrowser();
    const { unavailableReason } = await started();
    expect(unavailableReason('unsupported')).toBe('this browser has no notifications');
    expect(unavailableReason('insecure')).toMatch(/not a secure context/);
    expect(unavailableReason('denied')).toMatch(/blocks them/);
    expect([unavailableReason('granted'), unavailableReason('default'), unavailableReason('desktop')]).toEqual([undefined, undefined, undefined]);
  });

  test('asks the browser only while it has not been told, and keeps its answer', async () => {
    fakeBrowser();
    FakeNotification.permission = 'default';
    FakeNotification.answer = 'denied';
    const { browserNotifications } = await started();
    await browserNotifications.askPermission();
    expect([FakeNotification.asked, browserNotifications.state]).toEqual([1, 'denied']);
    FakeNotification.permission = 'denied';
    await browserNotifications.askPermission();
    expect(FakeNotification.asked).toBe(1);
  });
});

describe('showing', () => {
  test('an approval request shows with its risk, and closes when the question is answered elsewhere', async () => {
    fakeBrowser();
    const { client } = await started();
    client.emit('approval-requested', REQUEST);
    expect(shown()).toEqual([['Approval needed: odoo_unlink', 'odoo · from cursor · destructive (high). Open Portcullis to approve or deny.', 'approval-a1']]);
    client.emit('approval-resolved', { id: 'a1', outcome: 'approved' });
    expect(FakeNotification.shown[0]!.closed).toBe(true);
  });

  test('a quiet request (asked in the client only) shows nothing', async () => {
    fakeBrowser();
    const { client } = await started();
    client.emit('approval-requested', { ...REQUEST, quiet: true });
    expect(shown()).toEqual([]);
  });

  test('a failed server, a server needing sign-in and a refused policy show; a ready server does not', async () => {
    fakeBrowser();
    const { client } = await started();
    const status = { id: 'odoo', stderrTail: [], restarts: 0, sessions: 0, since: '2026-01-01T00:00:00Z' };
    client.emit('server-status', { ...status, state: 'failed', lastError: 'exit 1' });
    client.emit('server-status', { ...status, state: 'needs-sign-in' });
    client.emit('server-status', { ...status, state: 'ready' });
    client.emit('policy-refused', { serverId: 'odoo', errors: [{ path: 'tools.x.action', message: 'must be allow, deny or approve' }] });
    client.emit('policy-refused', { serverId: 'memory', errors: [] });
    expect(shown()).toEqual([
      ['Server odoo failed', 'odoo failed: exit 1', 'server-odoo'],
      ['Server odoo needs sign-in', 'odoo needs you to sign in', 'server-odoo'],
      ['Policy for odoo refused', 'tools.x.action: must be allow, deny or approve. The last good policy stays active.', 'policy-odoo'],
      ['Policy for memory refused', 'the file has errors. The last good policy stays active.', 'policy-memory'],
    ]);
  });

  test('a click brings the window forward on the view that answers it', async () => {
    const window = fakeBrowser();
    const { client } = await started();
    client.emit('approval-requested', REQUEST);
    FakeNotification.shown[0]!.dispatchEvent(new Event('click'));
    expect(window.focus).toHaveBeenCalledOnce();
    expect(window.location.hash).toBe('#/approvals');
    expect(FakeNotification.shown[0]!.closed).toBe(true);
  });

  test('nothing shows without permission, with its switch off, or while the person looks at the window', async () => {
    fakeBrowser();
    FakeNotification.permission = 'default';
    const first = await started();
    first.client.emit('approval-requested', REQUEST);
    expect(shown()).toEqual([]);

    fakeBrowser();
    const second = await started();
    second.settings.current = { ...DEFAULT_SETTINGS, notifications: { ...DEFAULT_SETTINGS.notifications, approvals: false } };
    second.client.emit('approval-requested', REQUEST);
    second.client.emit('policy-refused', { serverId: 'odoo', errors: [] });
    expect(shown().map(([title]) => title)).toEqual(['Policy for odoo refused']);

    fakeBrowser({ looking: true });
    const third = await started();
    third.client.emit('approval-requested', REQUEST);
    expect(shown()).toEqual([]);
  });
});
