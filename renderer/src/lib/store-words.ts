// Team mode's shared store in words, for the Settings card and the banner: where it is (the
// URL as the gateway gives it, password masked), whether it answers, since when, and what
// being away means for calls.
import type { StoreStatus } from '../../../shared/config.js';
import { formatDateTime } from './format.js';

const KIND_NAMES: Record<StoreStatus['kind'], string> = { redis: 'Redis' };

/** "Redis at redis://…": the masked URL only, never one with a password. */
export function storeWhere(status: StoreStatus): string {
  return `${KIND_NAMES[status.kind]} at ${status.url}`;
}

/** "connected since 2026-12-07 05:41:03" / "unreachable since …". */
export function storeState(status: StoreStatus): string {
  return `${status.state} since ${formatDateTime(status.since)}`;
}

/** What an unreachable store does to calls; nothing when it is connected. */
export function storeImpact(status: StoreStatus): string | undefined {
  if (status.state === 'connected') return undefined;
  return 'Calls counted by a limit and calls that need approval are refused until it is back, unless a policy lets low-risk ones through (store_unreachable).';
}
