// The catalog's state operations as plain functions over plain data: the first sync is the
// baseline, later ones mark new/changed/removed tools; reviews and overrides are kept with
// a bounded history, and definitions no record refers to are dropped.
import { describe, expect, it } from 'vitest';
import {
  applyOverride, applyReview, applySync, collectDefinitions, findTool, remember, statusOf, type CatalogState, type ToolRecord,
} from '../../../electron/gateway/catalog/catalog-state.js';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString();
const tool = (name: string, description = name) => ({ name, description });

function synced(...tools: { name: string; description?: string }[]): CatalogState {
  const state: CatalogState = new Map();
  applySync(state, 's', { tools }, at(0));
  return state;
}
const record = (state: CatalogState, name: string): ToolRecord => state.get('s')!.tools.get(name)!;

describe('statusOf', () => {
  it('is removed, new, accepted or changed, in that order of precedence', () => {
    const base: ToolRecord = { name: 'a', hash: 'h1', firstSeen: at(0), lastChanged: at(0), lastSeen: at(0), history: [] };
    expect(statusOf(base)).toBe('new');
    expect(statusOf({ ...base, accepted: { hash: 'h1', at: at(0), by: 'baseline' } })).toBe('accepted');
    expect(statusOf({ ...base, accepted: { hash: 'h0', at: at(0), by: 'review' } })).toBe('changed');
    expect(statusOf({ ...base, accepted: { hash: 'h1', at: at(0), by: 'review' }, removedAt: at(1) })).toBe('removed');
  });
});

describe('remember', () => {
  it('keeps the last 20 events only', () => {
    const r: ToolRecord = { name: 'a', hash: 'h', firstSeen: at(0), lastChanged: at(0), lastSeen: at(0), history: [] };
    for (let i = 0; i < 25; i++) remember(r, { at: at(i), event: 'changed', hash: `h${i}` });
    expect(r.history).toHaveLength(20);
    expect(r.history[0]!.hash).toBe('h5');
    expect(r.history.at(-1)!.hash).toBe('h24');
  });
});

describe('applySync', () => {
  it('accepts the first listing as the baseline, and marks later tools new', () => {
    const state = synced(tool('a'));
    expect(record(state, 'a').accepted).toMatchObject({ by: 'baseline', hash: record(state, 'a').hash });
    const changes = applySync(state, 's', { tools: [tool('a'), tool('b')] }, at(1));
    expect(changes).toEqual([{ serverId: 's', kind: 'tool', name: 'b', change: 'added', status: 'new' }]);
    expect(record(state, 'b').accepted).toBeUndefined();
    expect(state.get('s')!.baselineAt).toBe(at(0));
    expect(state.get('s')!.lastSync).toBe(at(1));
  });

  it('skips nameless and repeated tools (the first listing of a name wins)', () => {
    const state = synced(tool(''), tool('a', 'first'), tool('a', 'second'), { description: 'no name' } as never);
    expect([...state.get('s')!.tools.keys()]).toEqual(['a']);
    expect(state.get('s')!.definitions.get(record(state, 'a').hash)).toEqual({ description: 'first' });
  });

  it('reports a changed definition with its diff, keeps the accepted one, and a removal keeps the record', () => {
    const state = synced(tool('a', 'old'));
    const accepted = record(state, 'a').hash;
    const [change] = applySync(state, 's', { tools: [tool('a', 'new')] }, at(1));
    expect(change).toMatchObject({ name: 'a', change: 'changed', status: 'changed', diff: { fields: [{ field: 'description', before: 'old', after: 'new' }] } });
    expect(record(state, 'a').lastChanged).toBe(at(1));
    expect(state.get('s')!.definitions.has(accepted)).toBe(true);

    expect(applySync(state, 's', { tools: [] }, at(2))).toEqual([{ serverId: 's', kind: 'tool', name: 'a', change: 'removed', status: 'removed' }]);
    expect(record(state, 'a').removedAt).toBe(at(2));
    expect(applySync(state, 's', { tools: [] }, at(3))).toEqual([]);
    // Back with the accepted definition: restored, and accepted again (the diff is from the one last seen).
    expect(applySync(state, 's', { tools: [tool('a', 'old')] }, at(4))).toMatchObject([{ name: 'a', change: 'restored', status: 'accepted', diff: { fields: [{ before: 'new', after: 'old' }] } }]);
    expect(record(state, 'a').history.map((e) => e.event)).toEqual(['added', 'changed', 'removed', 'restored']);
  });

  it('keeps a definition seen only in a session: not removed when unlisted, still flagged when the catalog shows the accepted one', () => {
    const state = synced(tool('a', 'old'));
    const accepted = record(state, 'a').hash;
    applySync(state, 's', { tools: [tool('a', 'shown to a session')] }, at(1));
    record(state, 'a').seenInSession = true;
    expect(applySync(state, 's', { tools: [] }, at(2))).toEqual([]);
    expect(applySync(state, 's', { tools: [tool('a', 'old')] }, at(3))).toEqual([]);
    expect(record(state, 'a').hash).not.toBe(accepted);
    expect(record(state, 'a').seenInSession).toBe(true);
    applySync(state, 's', { tools: [tool('a', 'shown to a session')] }, at(4));
    expect(record(state, 'a').seenInSession).toBeUndefined();
  });

  it('tracks prompts by name and resource templates by URI template, without pinning', () => {
    const state: CatalogState = new Map();
    applySync(state, 's', { tools: [], prompts: [{ name: 'p' }], resourceTemplates: [{ name: 'r', uriTemplate: 'file:///{x}' }] }, at(0));
    const changes = applySync(state, 's', { tools: [], prompts: [{ name: 'p', description: 'now described' }], resourceTemplates: [] }, at(1));
    expect(changes).toEqual([
      { serverId: 's', kind: 'prompt', name: 'p', change: 'changed' },
      { serverId: 's', kind: 'resourceTemplate', name: 'r', change: 'removed' },
    ]);
    expect(state.get('s')!.prompts.get('p')).toMatchObject({ definition: { name: 'p', description: 'now described' }, lastChanged: at(1), firstSeen: at(0) });
    // A listing without templates says nothing about them.
    expect(applySync(state, 's', { tools: [], prompts: [{ name: 'p', description: 'now described' }] }, at(2))).toEqual([]);
  });
});

describe('collectDefinitions', () => {
  it('drops definitions that no current, accepted or remembered state refers to', () => {
    const state = synced(tool('a', 'v1'));
    const server = state.get('s')!;
    server.definitions.set('orphan', { description: 'nobody' });
    collectDefinitions(server);
    expect(server.definitions.has('orphan')).toBe(false);
    expect(server.definitions.has(record(state, 'a').hash)).toBe(true);
  });
});

describe('reviews and overrides', () => {
  it('findTool names the server and tool it could not find', () => {
    expect(() => findTool(synced(), 's', 'x')).toThrow("server 's' has no tool 'x' in the catalog");
    expect(() => findTool(synced(), 'nope', 'x')).toThrow("server 'nope' has no tool 'x'");
  });

  it('a review accepts exactly the hash the person saw and clears the session mark', () => {
    const state = synced(tool('a', 'v1'));
    applySync(state, 's', { tools: [tool('a', 'v2')] }, at(1));
    record(state, 'a').seenInSession = true;
    applyReview(state, 's', 'a', record(state, 'a').hash, at(2));
    expect(record(state, 'a').accepted).toEqual({ hash: record(state, 'a').hash, at: at(2), by: 'review' });
    expect(record(state, 'a').seenInSession).toBeUndefined();
    expect(statusOf(record(state, 'a'))).toBe('accepted');
  });

  it('an override keeps only class and level, and an empty one removes it', () => {
    const state = synced(tool('a'));
    applyOverride(state, 's', 'a', { class: 'read', level: 'low', extra: 1 } as never, at(1));
    expect(record(state, 'a').override).toEqual({ class: 'read', level: 'low', at: at(1) });
    applyOverride(state, 's', 'a', {}, at(2));
    expect(record(state, 'a').override).toBeUndefined();
    applyOverride(state, 's', 'a', { level: 'high' }, at(3));
    applyOverride(state, 's', 'a', null, at(4));
    expect(record(state, 'a').override).toBeUndefined();
    expect(record(state, 'a').history.filter((e) => e.event === 'override')).toHaveLength(4);
  });
});
