import { afterEach, describe, expect, it, vi } from 'vitest';
import { hardenAllWebContents, isExternalLink } from '../../../../electron/main/security/harden-web-contents.js';
import { app, shell, WebContentsMock } from '../../electron-mock.js';

function created(): WebContentsMock {
  const contents = new WebContentsMock();
  app.emit('web-contents-created', {}, contents);
  return contents;
}

function emitPreventable(contents: WebContentsMock, event: string, ...args: unknown[]): boolean {
  let prevented = false;
  contents.emit(event, { preventDefault: () => (prevented = true), isMainFrame: false }, ...args);
  return prevented;
}

describe('web contents hardening', () => {
  hardenAllWebContents(app as never, shell);
  afterEach(() => vi.clearAllMocks());

  it('denies every window.open; https links go to the system browser', () => {
    const contents = created();
    expect(contents.windowOpenHandler?.({ url: 'https://modelcontextprotocol.io/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://modelcontextprotocol.io/');
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('blocks navigation away from the page, subframe navigation, redirects and webviews', () => {
    const contents = created();
    expect(emitPreventable(contents, 'will-navigate', 'http://evil.example/')).toBe(true);
    expect(shell.openExternal).not.toHaveBeenCalled(); // plain http never leaves
    expect(emitPreventable(contents, 'will-frame-navigate')).toBe(true);
    expect(emitPreventable(contents, 'will-redirect')).toBe(true);
    expect(emitPreventable(contents, 'will-attach-webview')).toBe(true);
  });

  it('only https counts as an external link', () => {
    expect(isExternalLink('https://example.com')).toBe(true);
    expect(['http://example.com', 'file:///x', 'smb://host/share', 'nonsense'].map(isExternalLink)).toEqual([false, false, false, false]);
  });
});
