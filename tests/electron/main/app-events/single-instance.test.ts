import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimSingleInstance } from '../../../../electron/main/app-events/single-instance.js';
import { app } from '../../electron-mock.js';

describe('single instance', () => {
  afterEach(() => {
    app.singleInstance = true;
    app.removeAllListeners();
  });

  it('the first launch holds the lock and shows its window when a second one starts', () => {
    const focus = vi.fn();
    expect(claimSingleInstance(app as never, focus)).toBe(true);
    app.emit('second-instance', {}, ['portcullis'], '/');
    expect(focus).toHaveBeenCalledOnce();
  });

  it('a second launch does not get the lock', () => {
    app.singleInstance = false;
    const focus = vi.fn();
    expect(claimSingleInstance(app as never, focus)).toBe(false);
    expect(app.listenerCount('second-instance')).toBe(0);
  });
});
