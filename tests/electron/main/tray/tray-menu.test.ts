import { describe, expect, it, vi } from 'vitest';
import type { ApprovalRequest } from '../../../../shared/approvals.js';
import type { ServerStatus } from '../../../../shared/config.js';
import { MAX_APPROVALS_IN_MENU, approvalLabel, buildTrayMenu, type TrayActions } from '../../../../electron/main/tray/tray-menu.js';
import type { TraySnapshot } from '../../../../electron/main/tray/tray-state.js';
import { clickMenuItem, findMenuItem } from '../../electron-mock.js';

const server = (id: string, state: ServerStatus['state'], lastError?: string): ServerStatus => ({
  id,
  state,
  stderrTail: [],
  restarts: 0,
  sessions: 0,
  since: '2026-11-25T10:00:00.000Z',
  ...(lastError ? { lastError } : {}),
});

const approval = (id: string, tool = 'odoo_execute'): ApprovalRequest => ({
  id,
  createdAt: '2026-11-25T10:00:00.000Z',
  expiresAt: '2026-11-25T10:02:00.000Z',
  server: 'odoo',
  grant: 'cursor',
  session: 's1',
  client: { name: 'Cursor', version: '1.0' },
  tool,
  arguments: {},
  secretPaths: [],
  argumentsHash: 'x',
  riskClass: 'write',
  riskLevel: 'high',
  rule: 'tools.odoo_execute',
});

const base: TraySnapshot = { paused: false, url: 'http://127.0.0.1:7337', servers: [server('odoo', 'ready'), server('fs', 'ready')], approvals: [], startAtLogin: false };

function actions() {
  return {
    approve: vi.fn<TrayActions['approve']>(),
    deny: vi.fn<TrayActions['deny']>(),
    setPaused: vi.fn<TrayActions['setPaused']>(),
    open: vi.fn<TrayActions['open']>(),
    openInBrowser: vi.fn<TrayActions['openInBrowser']>(),
    setStartAtLogin: vi.fn<TrayActions['setStartAtLogin']>(),
    copy: vi.fn<TrayActions['copy']>(),
    quit: vi.fn<TrayActions['quit']>(),
  } satisfies TrayActions;
}

const labels = (items: ReturnType<typeof buildTrayMenu>) => items.filter((i) => i.type !== 'separator').map((i) => i.label);

describe('tray menu', () => {
  it('running: status with ready servers, endpoint, pause, open, start at login, quit', () => {
    const menu = buildTrayMenu(base, actions());
    expect(labels(menu)).toEqual([
      'Gateway running: 2 of 2 servers ready',
      'Endpoint: http://127.0.0.1:7337/mcp/<server>',
      'Pause gateway',
      'Open Portcullis',
      'Open in browser',
      'Start at login',
      'Quit Portcullis',
    ]);
    expect(findMenuItem(menu, 'pause')).toMatchObject({ type: 'checkbox', checked: false });
    expect(findMenuItem(menu, 'start-at-login')).toMatchObject({ type: 'checkbox', checked: false });
  });

  it('opens the browser UI with a fresh sign-in, and leads to the changed tools to review', () => {
    const act = actions();
    const menu = buildTrayMenu({ ...base, changedTools: [{ serverId: 'fs', tool: 'read_file' }] }, act);
    expect(findMenuItem(menu, 'status')?.label).toBe("fs: 'read_file' changed since review");
    expect(findMenuItem(menu, 'review-changed')?.label).toBe("Review 'read_file' (fs): definition changed…");
    clickMenuItem(menu, 'review-changed');
    expect(act.open).toHaveBeenCalledWith({ view: 'catalog', param: 'fs' });
    clickMenuItem(menu, 'open-browser');
    expect(act.openInBrowser).toHaveBeenCalledTimes(1);
  });

  it('paused: says every call is denied and the pause item is checked; clicking resumes', () => {
    const act = actions();
    const menu = buildTrayMenu({ ...base, paused: true }, act);
    expect(findMenuItem(menu, 'status')?.label).toBe('Gateway paused: every call is denied');
    expect(findMenuItem(menu, 'pause')?.checked).toBe(true);
    clickMenuItem(menu, 'pause');
    expect(act.setPaused).toHaveBeenCalledWith(false);
  });

  it('needs attention: one entry per pending approval, each with Approve and Deny', () => {
    const act = actions();
    const menu = buildTrayMenu({ ...base, approvals: [approval('apr_1'), approval('apr_2', 'odoo_unlink')] }, act);
    expect(findMenuItem(menu, 'status')?.label).toBe('2 calls wait for approval');
    expect(findMenuItem(menu, 'approval:apr_2')?.label).toBe('odoo/odoo_unlink — Cursor · high risk');
    const submenu = findMenuItem(menu, 'approval:apr_1')?.submenu as { label?: string }[];
    expect(submenu.map((i) => i.label)).toEqual(['Approve', 'Approve for this session', 'Deny', undefined, 'Details…']);
    clickMenuItem(menu, 'approve:apr_1');
    clickMenuItem(menu, 'approve-session:apr_2');
    clickMenuItem(menu, 'deny:apr_2');
    expect(act.approve.mock.calls).toEqual([['apr_1', 'once'], ['apr_2', 'session']]);
    expect(act.deny).toHaveBeenCalledWith('apr_2');
  });

  it('caps the approvals listed and points to the window for the rest', () => {
    const act = actions();
    const many = Array.from({ length: MAX_APPROVALS_IN_MENU + 3 }, (_, i) => approval(`apr_${i}`));
    const menu = buildTrayMenu({ ...base, approvals: many }, act);
    expect(menu.filter((i) => i.id?.startsWith('approval:'))).toHaveLength(MAX_APPROVALS_IN_MENU);
    expect(findMenuItem(menu, 'approvals-more')?.label).toBe('3 more…');
    clickMenuItem(menu, 'approvals-more');
    expect(act.open).toHaveBeenCalledWith({ view: 'approvals' });
  });

  it('error: names the failed server and its error; clicking opens Servers', () => {
    const act = actions();
    const menu = buildTrayMenu({ ...base, servers: [server('odoo', 'failed', 'upstream exited with code 1'), server('fs', 'ready')] }, act);
    expect(findMenuItem(menu, 'status')?.label).toBe('Server odoo failed');
    expect(findMenuItem(menu, 'server:odoo')?.label).toBe('odoo: failed (upstream exited with code 1)');
    clickMenuItem(menu, 'server:odoo');
    expect(act.open).toHaveBeenCalledWith({ view: 'servers' });
  });

  it('wires open, start at login, copy and quit', () => {
    const act = actions();
    const menu = buildTrayMenu({ ...base, startAtLogin: true }, act);
    clickMenuItem(menu, 'open');
    clickMenuItem(menu, 'start-at-login');
    clickMenuItem(menu, 'endpoint');
    clickMenuItem(menu, 'quit');
    expect(act.open).toHaveBeenCalledWith();
    expect(act.setStartAtLogin).toHaveBeenCalledWith(false);
    expect(act.copy).toHaveBeenCalledWith('http://127.0.0.1:7337');
    expect(act.quit).toHaveBeenCalledOnce();
  });

  it('labels an approval with the grant when the client did not say who it is', () => {
    const { client: _client, riskLevel: _level, ...anonymous } = approval('apr_9');
    expect(approvalLabel(anonymous)).toBe('odoo/odoo_execute — cursor · unclassified');
  });
});
