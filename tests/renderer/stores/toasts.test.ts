// The corner messages: shown in order, each dismissed on its own, on a timer unless told to stay.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { ApiError } from '../../../renderer/src/lib/api/api-error.js';
import { toasts } from '../../../renderer/src/stores/toasts.svelte.js';

beforeEach(() => {
  vi.useFakeTimers();
  toasts.list = [];
});
afterEach(() => {
  vi.useRealTimers();
});

test('a success shows, then goes once its time is up; not before', () => {
  toasts.success('Policy saved');
  expect(toasts.list.map((t) => [t.kind, t.text])).toEqual([['success', 'Policy saved']]);
  vi.advanceTimersByTime(3499);
  expect(toasts.list).toHaveLength(1);
  vi.advanceTimersByTime(1);
  expect(toasts.list).toEqual([]);
});

test('a toast shown with no time stays until dismissed, and dismissing one leaves the others', () => {
  toasts.show('info', 'first', 0);
  toasts.show('info', 'second', 0);
  vi.advanceTimersByTime(60_000);
  expect(toasts.list.map((t) => t.text)).toEqual(['first', 'second']);
  toasts.dismiss(toasts.list[0]!.id);
  expect(toasts.list.map((t) => t.text)).toEqual(['second']);
});

test("an error says what went wrong, with the caller's prefix and the first policy issue's path", () => {
  toasts.error(new ApiError('invalid-input', 'the policy is not valid', [{ path: 'tools.search.require[0].op', message: 'must be one of eq, regex' }]), 'Save failed');
  expect(toasts.list.map((t) => [t.kind, t.text])).toEqual([['error', 'Save failed: the policy is not valid (tools.search.require[0].op: must be one of eq, regex)']]);
  toasts.error('plain text');
  expect(toasts.list.at(-1)!.text).toBe('plain text');
});
