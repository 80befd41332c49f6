import { describe, expect, it, vi } from 'vitest';
import { UI_CSP } from '../../../../electron/gateway/host/static-files.js';
import { hardenSession, isLocalResource } from '../../../../electron/main/security/harden-session.js';
import { session } from '../../electron-mock.js';

describe('session hardening', () => {
  const s = session.defaultSession;
  hardenSession(s as never, UI_CSP);

  it('grants no permission', () => {
    const callback = vi.fn();
    s.permissionRequestHandler?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(s.permissionCheckHandler?.({}, 'notifications')).toBe(false);
  });

  it('loads no remote content: only bundled files (and data/blob URLs)', () => {
    const decide = (url: string) => {
      const callback = vi.fn();
      s.beforeRequest?.({ url }, callback);
      return callback.mock.calls[0]?.[0];
    };
    expect(decide('file:///opt/portcullis/renderer/dist/assets/index.js')).toEqual({ cancel: false });
    expect(decide('data:image/png;base64,AAAA')).toEqual({ cancel: false });
    expect(decide('https://cdn.example/lib.js')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:7337/api/getInfo')).toEqual({ cancel: true });
    expect(isLocalResource('ws://127.0.0.1:1/')).toBe(false);
  });

  it('adds the UI CSP to every response with headers', () => {
    const callback = vi.fn();
    s.headersReceived?.({ responseHeaders: { 'content-type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'content-type': ['text/html'], 'Content-Security-Policy': [UI_CSP] } });
    expect(UI_CSP).toContain("script-src 'self'");
  });
});
