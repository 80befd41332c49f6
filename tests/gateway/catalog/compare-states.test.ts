// What another process changed, read by comparing two loads of the catalog: one change per
// tool, the most telling one first (added, removed, restored, changed, reviewed, override).
import { describe, expect, it } from 'vitest';
import { applyOverride, applyReview, applySync, type CatalogState } from '../../../electron/gateway/catalog/catalog-state.js';
import { compareStates } from '../../../electron/gateway/catalog/compare-states.js';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T11:00:00.000Z';
const tool = (name: string, description = name) => ({ name, description });

function baseline(): CatalogState {
  const state: CatalogState = new Map();
  applySync(state, 's', { tools: [tool('a'), tool('b'), tool('c')] }, T0);
  return state;
}

describe('compareStates', () => {
  it('says nothing when the two states are the same', () => {
    expect(compareStates(baseline(), baseline())).toEqual([]);
  });

  it('reports added, removed, restored and changed tools with their status', () => {
    const before = baseline();
    applySync(before, 's', { tools: [tool('a'), tool('b')] }, T0); // c removed before
    const after = structuredClone(before);
    applySync(after, 's', { tools: [tool('a', 'new text'), tool('c'), tool('d')] }, T1);
    expect(compareStates(before, after)).toEqual([
      { serverId: 's', kind: 'tool', name: 'a', change: 'changed', status: 'changed' },
      { serverId: 's', kind: 'tool', name: 'b', change: 'removed', status: 'removed' },
      { serverId: 's', kind: 'tool', name: 'c', change: 'restored', status: 'accepted' },
      { serverId: 's', kind: 'tool', name: 'd', change: 'added', status: 'new' },
    ]);
  });

  it('reports a review and an override made elsewhere, and a whole new server as added', () => {
    const before = baseline();
    applySync(before, 's', { tools: [tool('a', 'v2'), tool('b'), tool('c')] }, T0);
    const after = structuredClone(before);
    applyReview(after, 's', 'a', after.get('s')!.tools.get('a')!.hash, T1);
    applyOverride(after, 's', 'b', { level: 'critical' }, T1);
    applySync(after, 'other', { tools: [tool('x')] }, T1);
    expect(compareStates(before, after)).toEqual([
      { serverId: 's', kind: 'tool', name: 'a', change: 'reviewed', status: 'accepted' },
      { serverId: 's', kind: 'tool', name: 'b', change: 'override', status: 'accepted' },
      { serverId: 'other', kind: 'tool', name: 'x', change: 'added', status: 'accepted' },
    ]);
  });
});
