import { describe, expect, it } from 'vitest';
import { statusLine, trayStateOf, type TraySnapshot } from '../../../../electron/main/tray/tray-state.js';
import type { ServerStatus } from '../../../../shared/config.js';

const server = (id: string, state: ServerStatus['state']): ServerStatus => ({ id, state, stderrTail: [], restarts: 0, sessions: 0, since: '' });
const base: TraySnapshot = { paused: false, url: 'http://127.0.0.1:7337', servers: [server('a', 'ready')], approvals: [], startAtLogin: false };
const pending = [{ id: 'apr_1' }] as TraySnapshot['approvals'];

describe('tray state', () => {
  it('is running when nothing is wrong, paused when paused', () => {
    expect(trayStateOf(base)).toBe('running');
    expect(trayStateOf({ ...base, paused: true })).toBe('paused');
  });

  it('puts a person first: approvals and sign-in need attention, even over errors and pause', () => {
    expect(trayStateOf({ ...base, approvals: pending, paused: true, servers: [server('a', 'failed')] })).toBe('attention');
    expect(trayStateOf({ ...base, servers: [server('a', 'needs-sign-in')] })).toBe('attention');
    expect(statusLine({ ...base, servers: [server('gh', 'needs-sign-in')] })).toBe('gh needs sign-in');
    expect(statusLine({ ...base, approvals: pending })).toBe('1 call waits for approval');
  });

  it('shows an error when a server failed, over pause', () => {
    expect(trayStateOf({ ...base, paused: true, servers: [server('a', 'failed'), server('b', 'failed')] })).toBe('error');
    expect(statusLine({ ...base, servers: [server('a', 'failed'), server('b', 'failed')] })).toBe('2 servers failed');
  });

  it('counts ready servers while running', () => {
    expect(statusLine({ ...base, servers: [server('a', 'ready'), server('b', 'connecting')] })).toBe('Gateway running: 1 of 2 servers ready');
    expect(statusLine({ ...base, servers: [server('a', 'ready')] })).toBe('Gateway running: 1 of 1 server ready');
  });

  it('asks for attention while a tool definition changed since review, after approvals and sign-ins', () => {
    const changed = [{ serverId: 'files', tool: 'read_file' }];
    expect(trayStateOf({ ...base, changedTools: changed })).toBe('attention');
    expect(statusLine({ ...base, changedTools: changed })).toBe("files: 'read_file' changed since review");
    expect(statusLine({ ...base, changedTools: [...changed, { serverId: 'files', tool: 'write_file' }] })).toBe('2 tools changed since review');
    expect(statusLine({ ...base, approvals: pending, changedTools: changed })).toBe('1 call waits for approval');
    expect(trayStateOf({ ...base, changedTools: [] })).toBe('running');
  });
});
