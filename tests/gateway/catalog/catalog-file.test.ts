// catalog.json's form: maps as arrays (server-given names never become object keys), and a
// forgiving read that drops only the records it cannot make sense of.
import { describe, expect, it } from 'vitest';
import { applyOverride, applyReview, applySync, type CatalogState } from '../../../electron/gateway/catalog/catalog-state.js';
import { fromFileData, toFileData } from '../../../electron/gateway/catalog/catalog-file.js';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T11:00:00.000Z';

function sample(): CatalogState {
  const state: CatalogState = new Map();
  applySync(state, 's', { tools: [{ name: 'a', description: 'one' }, { name: '__proto__', description: 'odd name' }], prompts: [{ name: 'p' }], resourceTemplates: [{ name: 'r', uriTemplate: 'x://{y}' }] }, T0);
  applySync(state, 's', { tools: [{ name: 'a', description: 'two' }], prompts: [{ name: 'p' }], resourceTemplates: [{ name: 'r', uriTemplate: 'x://{y}' }] }, T1);
  applyReview(state, 's', 'a', state.get('s')!.tools.get('a')!.hash, T1);
  applyOverride(state, 's', 'a', { class: 'read', level: 'low' }, T1);
  state.get('s')!.tools.get('__proto__')!.seenInSession = true;
  return state;
}

describe('toFileData / fromFileData', () => {
  it('round-trips a state through JSON unchanged, tool names as data', () => {
    const state = sample();
    const data = JSON.parse(JSON.stringify(toFileData(state)));
    expect(data.version).toBe(1);
    expect(data.servers[0].tools.map((t: { name: string }) => t.name)).toEqual(['a', '__proto__']);
    expect(fromFileData(data)).toEqual(state);
  });

  it('reads anything that is not a catalog as an empty one', () => {
    for (const junk of [null, 'x', [], { servers: 'no' }]) expect(fromFileData(junk).size).toBe(0);
  });

  it('drops the records it cannot read and keeps the rest', () => {
    const data = JSON.parse(JSON.stringify(toFileData(sample())));
    const server = data.servers[0];
    server.tools.push({ name: 'broken' }, 'nonsense', { ...server.tools[0], description: 'duplicate name: the first wins' });
    server.tools[0].accepted.by = 'somebody';
    server.tools[0].override = { class: 'harmless', level: 'high', at: T1 };
    server.tools[0].history.push({ at: 5 }, null);
    server.prompts.push({ key: 'q', name: 'q' });
    server.definitions.bad = 'not an object';
    data.servers.push({ id: 'no-dates' }, { ...server, id: 's', tools: [] });
    const state = fromFileData(data);
    expect([...state.keys()]).toEqual(['s']);
    const tools = state.get('s')!.tools;
    expect([...tools.keys()]).toEqual(['a', '__proto__']);
    expect(tools.get('a')!.accepted).toBeUndefined();
    expect(tools.get('a')!.override).toEqual({ level: 'high', at: T1 });
    expect(tools.get('a')!.history.every((e) => typeof e.at === 'string')).toBe(true);
    expect([...state.get('s')!.prompts.keys()]).toEqual(['p']);
    expect(state.get('s')!.definitions.has('bad')).toBe(false);
  });
});
