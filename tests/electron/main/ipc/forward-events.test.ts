import { describe, expect, it } from 'vitest';
import type { ApiEventListener } from '../../../../shared/api.js';
import { forwardApiEvents } from '../../../../electron/main/ipc/forward-events.js';
import { WebContentsMock } from '../../electron-mock.js';

function fakeApi() {
  const listeners = new Set<ApiEventListener>();
  return {
    subscribe: (l: ApiEventListener) => (listeners.add(l), () => listeners.delete(l)),
    emit: (event: 'paused-changed', payload: { paused: boolean }) => listeners.forEach((l) => l(event, payload)),
  };
}

describe('event forwarding', () => {
  it('sends each Api event down api:event to the main window only while it is open', () => {
    const api = fakeApi();
    let target: WebContentsMock | undefined = new WebContentsMock();
    const window = target;
    const stop = forwardApiEvents(api, () => target as never);
    api.emit('paused-changed', { paused: true });
    expect(window.sent).toEqual([{ channel: 'api:event', args: ['paused-changed', { paused: true }] }]);
    target = undefined;
    api.emit('paused-changed', { paused: false });
    window.destroy();
    target = window;
    api.emit('paused-changed', { paused: false });
    stop();
    expect(window.sent).toHaveLength(1);
  });
});
