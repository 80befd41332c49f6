import { afterEach, expect, it, vi } from 'vitest';
import { showWindowOnActivate } from '../../../../electron/main/app-events/activate.js';
import { app } from '../../electron-mock.js';

afterEach(() => {
  app.removeAllListeners();
});

it('macOS: activating the app shows the window', () => {
  const show = vi.fn();
  showWindowOnActivate(app as never, show);
  app.emit('activate');
  expect(show).toHaveBeenCalledOnce();
});
