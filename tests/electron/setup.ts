// Setup for tests/electron/**: every import of `electron` gets the mock (there is no
// Electron binary in plain Node, and unit tests must not need one).
import { vi } from 'vitest';

vi.mock('electron', async () => {
  const mock = await import('./electron-mock.js');
  return { ...mock.electronModule(), default: mock.electronModule() };
});
