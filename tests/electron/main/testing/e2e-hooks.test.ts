// The e2e hooks exist only in an unpackaged run with PORTCULLIS_E2E=1, and reach the
// notifications and tray menu a spec cannot click.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installE2eHooks } from '../../../../electron/main/testing/e2e-hooks.js';
import { Notification } from '../../electron-mock.js';

function parts() {
  const notes = [new Notification({ title: 'Approve a?', body: 'first' }), new Notification({ title: 'odoo keeps crashing', body: 'x' }), new Notification({ title: 'Approve b?', body: 'second' })];
  const pause = vi.fn();
  const openCalls = vi.fn();
  const menu = [{ id: 'pause', label: 'Pause', click: pause }, { type: 'separator' }, { label: 'Open', submenu: [{ id: 'open-calls', label: 'Calls', click: openCalls }, { id: 'no-click', label: 'Nothing' }] }];
  return { notes, pause, openCalls, parts: { notifier: { shown: () => notes }, tray: { menuTemplate: () => menu } } as never };
}

afterEach(() => {
  globalThis.portcullisE2e = undefined;
});

describe('installE2eHooks', () => {
  it('installs nothing without PORTCULLIS_E2E=1, or in a packaged app', () => {
    installE2eHooks({}, false, parts().parts);
    installE2eHooks({ PORTCULLIS_E2E: 'true' }, false, parts().parts);
    installE2eHooks({ PORTCULLIS_E2E: '1' }, true, parts().parts);
    expect(globalThis.portcullisE2e).toBeUndefined();
  });

  it('lists the notifications and clicks the newest whose title matches', () => {
    const { notes, parts: p } = parts();
    installE2eHooks({ PORTCULLIS_E2E: '1' }, false, p);
    const hooks = globalThis.portcullisE2e!;
    expect(hooks.notifications()).toEqual(notes.map((n) => ({ title: n.title, body: n.body })));
    const clicked: string[] = [];
    for (const note of notes) note.on('click', () => clicked.push(note.body));
    expect(hooks.clickNotification('Approve')).toBe(true);
    expect(clicked).toEqual(['second']);
    expect(hooks.clickNotification('Sign in')).toBe(false);
  });

  it('lists the tray menu flattened and clicks an item by id, submenus included', () => {
    const { pause, openCalls, parts: p } = parts();
    installE2eHooks({ PORTCULLIS_E2E: '1' }, false, p);
    const hooks = globalThis.portcullisE2e!;
    expect(hooks.trayItems()).toEqual([
      { id: 'pause', label: 'Pause' },
      { id: undefined, label: undefined },
      { id: undefined, label: 'Open' },
      { id: 'open-calls', label: 'Calls' },
      { id: 'no-click', label: 'Nothing' },
    ]);
    expect(hooks.clickTrayItem('open-calls')).toBe(true);
    expect(openCalls).toHaveBeenCalledOnce();
    expect(pause).not.toHaveBeenCalled();
    expect(hooks.clickTrayItem('no-click')).toBe(false);
    expect(hooks.clickTrayItem('ghost')).toBe(false);
  });
});
