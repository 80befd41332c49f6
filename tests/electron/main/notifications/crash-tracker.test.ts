import { describe, expect, it } from 'vitest';
import { CrashTracker } from '../../../../electron/main/notifications/crash-tracker.js';
import type { ServerStatus } from '../../../../shared/config.js';

const status = (id: string, state: ServerStatus['state']): ServerStatus => ({ id, state, stderrTail: [], restarts: 0, sessions: 0, since: '' });

describe('crash tracker', () => {
  it('reports once when a server fails the threshold number of times in a row', () => {
    const tracker = new CrashTracker(2);
    expect(tracker.observe(status('a', 'failed'))).toBeUndefined();
    expect(tracker.observe(status('a', 'connecting'))).toBeUndefined();
    expect(tracker.observe(status('a', 'failed'))).toBe(2);
    expect(tracker.observe(status('a', 'failed'))).toBeUndefined();
  });

  it('counts servers apart and resets on ready or stopped', () => {
    const tracker = new CrashTracker(2);
    tracker.observe(status('a', 'failed'));
    expect(tracker.observe(status('b', 'failed'))).toBeUndefined();
    tracker.observe(status('a', 'ready'));
    expect(tracker.observe(status('a', 'failed'))).toBeUndefined();
    tracker.observe(status('b', 'stopped'));
    expect(tracker.observe(status('b', 'failed'))).toBeUndefined();
  });
});
