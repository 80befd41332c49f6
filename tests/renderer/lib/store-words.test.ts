import { describe, expect, it } from 'vitest';
import type { StoreStatus } from '../../../shared/config.js';
import { formatDateTime } from '../../../renderer/src/lib/format.js';
import { storeImpact, storeState, storeWhere } from '../../../renderer/src/lib/store-words.js';

const SINCE = '2026-12-07T05:41:03.000Z';
const connected: StoreStatus = { kind: 'redis', url: 'redis://:***@10.0.0.5:6379/2', state: 'connected', since: SINCE, replica: 'host-1' };
const unreachable: StoreStatus = { ...connected, state: 'unreachable', error: 'connect ECONNREFUSED 10.0.0.5:6379' };

describe('store words', () => {
  it('names the store by kind and the masked URL as given', () => {
    expect(storeWhere(connected)).toBe('Redis at redis://:***@10.0.0.5:6379/2');
  });

  it('says the state and since when, in local time', () => {
    expect(storeState(connected)).toBe(`connected since ${formatDateTime(SINCE)}`);
    expect(storeState(unreachable)).toBe(`unreachable since ${formatDateTime(SINCE)}`);
  });

  it('says what an unreachable store means for calls, and nothing while connected', () => {
    expect(storeImpact(connected)).toBeUndefined();
    expect(storeImpact(unreachable)).toMatch(/limit.*approval.*refused until it is back/);
  });
});
