// shared/api.ts is the contract's types; its one runtime helper turns (event, payload) into a tagged event.
import { expect, it } from 'vitest';
import { onApiEvent, type ApiEvent } from '../../shared/api.js';

it('onApiEvent hands each event on as { event, data }', () => {
  const seen: ApiEvent[] = [];
  const listener = onApiEvent((e) => seen.push(e));
  listener('paused-changed', { paused: true });
  listener('policy-changed', { serverId: 'memory' });
  expect(seen).toEqual([
    { event: 'paused-changed', data: { paused: true } },
    { event: 'policy-changed', data: { serverId: 'memory' } },
  ]);
});
