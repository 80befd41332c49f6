// What callers see of a stored tool: its definition, status, risk raised by its flags, the
// effective class and level (an override wins), the diff of a changed tool, and copies only.
import { describe, expect, it } from 'vitest';
import type { RiskAssessment, ToolFlag } from '../../../shared/catalog.js';
import { itemEntry, personReviewed, toolEntry, type Classifier } from '../../../electron/gateway/catalog/catalog-entries.js';
import { applyOverride, applyReview, applySync, type CatalogState } from '../../../electron/gateway/catalog/catalog-state.js';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T11:00:00.000Z';
const RISK: RiskAssessment = { class: 'write', level: 'medium', reasons: ['because'], rules: ['r'], mismatch: false };
const classify: Classifier = () => structuredClone(RISK);
const FLAG: ToolFlag = { kind: 'hidden-content', reason: 'hidden', text: 'x', field: 'description', excerpt: 'x', at: 0 };

function state(): CatalogState {
  const s: CatalogState = new Map();
  applySync(s, 's', { tools: [{ name: 'a', description: 'old', inputSchema: { type: 'object' } }] }, T0);
  return s;
}
const parts = (s: CatalogState) => ({ server: s.get('s')!, tool: s.get('s')!.tools.get('a')! });

describe('toolEntry', () => {
  it('shows the definition, status and computed risk, with no diff for an accepted tool', () => {
    const { server, tool } = parts(state());
    const entry = toolEntry(server, tool, classify, []);
    expect(entry).toMatchObject({ serverId: 's', name: 'a', description: 'old', status: 'accepted', class: 'write', level: 'medium', flags: [], flagsReviewed: false });
    expect(entry.diff).toBeUndefined();
    expect(entry.override).toBeUndefined();
  });

  it('gives a changed tool the diff from the accepted definition', () => {
    const s = state();
    applySync(s, 's', { tools: [{ name: 'a', description: 'new', inputSchema: { type: 'object' } }] }, T1);
    const { server, tool } = parts(s);
    expect(toolEntry(server, tool, classify, []).diff?.fields).toMatchObject([{ field: 'description', before: 'old', after: 'new' }]);
  });

  it('raises the level for flags, and an override wins over the computed class and level', () => {
    const s = state();
    const { server, tool } = parts(s);
    expect(toolEntry(server, tool, classify, [FLAG])).toMatchObject({ level: 'high', risk: { level: 'high' }, flags: [FLAG] });
    applyOverride(s, 's', 'a', { class: 'read' }, T1);
    expect(toolEntry(server, tool, classify, [FLAG])).toMatchObject({ class: 'read', level: 'high', risk: { class: 'write' }, override: { class: 'read', at: T1 } });
    applyOverride(s, 's', 'a', { level: 'low' }, T1);
    expect(toolEntry(server, tool, classify, [FLAG])).toMatchObject({ class: 'write', level: 'low', risk: { level: 'high' } });
  });

  it('hands out copies: changing an entry changes nothing stored', () => {
    const { server, tool } = parts(state());
    const flags = [structuredClone(FLAG)];
    const entry = toolEntry(server, tool, classify, flags);
    (entry.inputSchema as Record<string, unknown>).type = 'changed';
    entry.history.push({ at: T1, event: 'reviewed' });
    entry.flags[0]!.reason = 'changed';
    entry.accepted!.hash = 'changed';
    expect(server.definitions.get(tool.hash)!.inputSchema).toEqual({ type: 'object' });
    expect(tool.history).toHaveLength(1);
    expect(flags[0]!.reason).toBe('hidden');
    expect(tool.accepted!.hash).toBe(tool.hash);
  });

  it('says flags were reviewed only when a person reviewed exactly this definition', () => {
    const s = state();
    const { server, tool } = parts(s);
    expect(personReviewed(tool, tool.hash)).toBe(false); // the baseline is nobody's review
    applyReview(s, 's', 'a', tool.hash, T1);
    expect(personReviewed(tool, tool.hash)).toBe(true);
    expect(toolEntry(server, tool, classify, [FLAG]).flagsReviewed).toBe(true);
    expect(personReviewed(tool, 'another hash')).toBe(false);
  });
});

describe('itemEntry', () => {
  it('shows a prompt with its server and a copy of its definition, and its removal time', () => {
    const s: CatalogState = new Map();
    applySync(s, 's', { tools: [], prompts: [{ name: 'p', arguments: [{ name: 'x' }] }] }, T0);
    applySync(s, 's', { tools: [], prompts: [] }, T1);
    const record = s.get('s')!.prompts.get('p')!;
    const entry = itemEntry('s', record);
    expect(entry).toMatchObject({ serverId: 's', name: 'p', firstSeen: T0, removedAt: T1, definition: { name: 'p' } });
    expect('key' in entry).toBe(false);
    entry.definition.arguments![0]!.name = 'changed';
    expect(record.definition.arguments![0]!.name).toBe('x');
  });
});
