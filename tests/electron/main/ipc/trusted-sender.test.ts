import { describe, expect, it } from 'vitest';
import { createTrustedSenderCheck, isSamePage } from '../../../../electron/main/ipc/trusted-sender.js';
import { WebContentsMock } from '../../electron-mock.js';

const page = 'file:///opt/portcullis/renderer/dist/index.html';

describe('trusted sender', () => {
  it('is the same page whatever the route (hash) or query', () => {
    expect(isSamePage(`${page}#/approvals`, page)).toBe(true);
    expect(isSamePage(`${page}?x=1`, page)).toBe(true);
    expect(isSamePage('file:///opt/portcullis/renderer/dist/other.html', page)).toBe(false);
    expect(isSamePage('file:///tmp/index.html', page)).toBe(false);
    expect(isSamePage('http://127.0.0.1:7337/', page)).toBe(false);
    expect(isSamePage('not a url', page)).toBe(false);
  });

  it('compares Windows paths without regard to case', () => {
    expect(isSamePage('file:///c:/Program%20Files/P/index.html', 'file:///C:/Program%20Files/P/index.html', 'win32')).toBe(true);
    expect(isSamePage('file:///c:/program files/P/index.html', 'file:///C:/Program%20Files/P/index.html', 'linux')).toBe(false);
  });

  it('trusts no one while the window is closed', () => {
    const contents = new WebContentsMock();
    contents.mainFrame.url = page;
    const check = createTrustedSenderCheck(() => undefined, page);
    expect(check({ sender: contents as never, senderFrame: contents.mainFrame as never })).toBe(false);
  });
});
