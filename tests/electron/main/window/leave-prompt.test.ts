// Closing the window with an unsaved policy draft: Electron cancels a refused unload silently
// unless main answers 'will-prevent-unload'; main asks Leave or Stay with a native dialog.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { askToLeave, guardUnload, LEAVE, STAY } from '../../../../electron/main/window/leave-prompt.js';
import { BrowserWindowMock, dialog } from '../../electron-mock.js';

afterEach(() => {
  for (const w of BrowserWindowMock.getAllWindows()) w.destroy();
  BrowserWindowMock.instances.length = 0;
  vi.clearAllMocks();
});

describe('askToLeave', () => {
  it('asks on the window, with Stay as the default and the cancel answer', () => {
    const window = new BrowserWindowMock();
    dialog.showMessageBoxSync.mockReturnValueOnce(STAY);
    expect(askToLeave(window as never)).toBe(false);
    const [parent, options] = dialog.showMessageBoxSync.mock.calls[0]!;
    expect(parent).toBe(window);
    expect(options).toMatchObject({ buttons: ['Leave', 'Stay'], defaultId: STAY, cancelId: STAY });
    expect(options.message).toMatch(/policy changes/);
    dialog.showMessageBoxSync.mockReturnValueOnce(LEAVE);
    expect(askToLeave(window as never)).toBe(true);
  });
});

describe('guardUnload', () => {
  it('Leave lets a window whose page refuses to unload close', () => {
    const window = new BrowserWindowMock();
    const stay = vi.fn();
    guardUnload(window as never, stay);
    window.webContents.refusesUnload = true;
    dialog.showMessageBoxSync.mockReturnValueOnce(LEAVE);
    window.close();
    expect(dialog.showMessageBoxSync).toHaveBeenCalledOnce();
    expect(window.isDestroyed()).toBe(true);
    expect(stay).not.toHaveBeenCalled();
  });

  it('Stay keeps the window open and says so', () => {
    const window = new BrowserWindowMock();
    const stay = vi.fn();
    guardUnload(window as never, stay);
    window.webContents.refusesUnload = true;
    dialog.showMessageBoxSync.mockReturnValueOnce(STAY);
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(stay).toHaveBeenCalledOnce();
  });

  it('a page with nothing unsaved closes without a question', () => {
    const window = new BrowserWindowMock();
    guardUnload(window as never, () => undefined);
    window.close();
    expect(window.isDestroyed()).toBe(true);
    expect(dialog.showMessageBoxSync).not.toHaveBeenCalled();
  });
});
