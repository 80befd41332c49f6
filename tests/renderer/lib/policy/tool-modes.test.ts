import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../../shared/policy/validate.js';
import { effectiveRule } from '../../../../renderer/src/lib/policy/effective-rule.js';
import { DEFAULT_DENY_POLICY } from '../../../../shared/policy/validate.js';
import { dropDefaultDescription, formatDraft, freshCounterName, getAt, parseDraft, setAt, type JsonObject } from '../../../../renderer/src/lib/policy/policy-draft.js';
import { addToolRateLimit, hiddenBy, riskMode, setRiskMode, setToolMode, toolMode } from '../../../../renderer/src/lib/policy/tool-modes.js';

const base = (): JsonObject => ({ version: '1', default: 'deny' });

describe('builder modes', () => {
  it('writes each mode as the policy means it, and reads it back', () => {
    let doc = base();
    doc = setToolMode(doc, 'read_file', 'allow');
    expect(doc.tools).toEqual({ read_file: {} });
    doc = setToolMode(doc, 'delete_file', 'deny');
    doc = setAt(doc, ['tools', 'delete_file', 'reason'], 'no deleting');
    doc = setToolMode(doc, 'run', 'approve');
    doc = setToolMode(doc, 'secret', 'hide');
    expect(doc).toEqual({
      version: '1',
      default: 'deny',
      tools: { read_file: {}, delete_file: { action: 'deny', reason: 'no deleting' }, run: { action: 'approve' } },
      hide: ['secret'],
    });
    expect(['read_file', 'delete_file', 'run', 'secret', 'other'].map((t) => toolMode(doc, t))).toEqual(['allow', 'deny', 'approve', 'hide', 'default']);
    expect(validatePolicy(doc).ok).toBe(true);
  });

  it('keeps the reason across deny ↔ custom and seeds a limit for custom', () => {
    let doc = setToolMode(base(), 'pay', 'deny');
    doc = setAt(doc, ['tools', 'pay', 'reason'], 'ask finance');
    doc = setToolMode(doc, 'pay', 'custom');
    expect(getAt(doc, ['tools', 'pay'])).toEqual({
      action: 'deny',
      reason: 'ask finance',
      limits: [{ counter: 'pay_calls', window: 'minute', max: 60, scope: 'grant' }],
    });
    expect(toolMode(doc, 'pay')).toBe('custom');
    doc = setToolMode(doc, 'pay', 'deny');
    expect(getAt(doc, ['tools', 'pay'])).toEqual({ action: 'deny', reason: 'ask finance' });
    expect(validatePolicy(doc).ok).toBe(true);
  });

  it('unhides when another mode is chosen, and removes empty sections', () => {
    let doc = setToolMode(base(), 'x', 'hide');
    doc = setToolMode(doc, 'x', 'default');
    expect(doc).toEqual(base());
  });

  it('rate-limits a tool with a fresh counter name', () => {
    let doc = addToolRateLimit(base(), 'search', 10, 'minute');
    doc = addToolRateLimit(doc, 'search', 100, 'hour');
    expect(getAt(doc, ['tools', 'search', 'limits'])).toEqual([
      { counter: 'search_rate', window: 'minute', max: 10, scope: 'grant' },
      { counter: 'search_rate_2', window: 'hour', max: 100, scope: 'grant' },
    ]);
    expect(validatePolicy(doc).ok).toBe(true);
    expect(freshCounterName(doc, 'odd name!')).toBe('odd_name_');
  });

  it('sets risk rules by class', () => {
    let doc = setRiskMode(base(), 'destructive', 'approve');
    doc = setRiskMode(doc, 'read', 'allow');
    expect(doc.risk).toEqual({ destructive: { action: 'approve' }, read: {} });
    expect(riskMode(doc, 'destructive')).toBe('approve');
    expect(validatePolicy(doc).ok).toBe(true);
  });

  it('says which rule applies, in the engine order', () => {
    const doc: JsonObject = {
      version: '1',
      default: 'deny',
      hide: ['internal_*'],
      tools: { 'odoo_*': { action: 'approve' }, 'odoo_read*': {}, odoo_unlink: { action: 'deny' } },
      risk: { read: { action: 'allow' } },
    };
    expect(effectiveRule(doc, 'internal_x').rule).toBe('hide[0]');
    expect(hiddenBy(doc, 'internal_x')).toBe('internal_*');
    expect(effectiveRule(doc, 'odoo_unlink')).toMatchObject({ rule: 'tools.odoo_unlink', action: 'deny', mode: 'deny' });
    expect(effectiveRule(doc, 'odoo_read_partner')).toMatchObject({ rule: 'tools.odoo_read*', action: 'allow', mode: 'default' });
    expect(effectiveRule(doc, 'odoo_write')).toMatchObject({ rule: 'tools.odoo_*', action: 'approve' });
    expect(effectiveRule(doc, 'fs_read', 'read')).toMatchObject({ rule: 'risk.read', action: 'allow' });
    expect(effectiveRule(doc, 'fs_write', 'write')).toMatchObject({ rule: 'default', action: 'deny' });
  });
});

describe('drafts', () => {
  it('parses strictly and formats with two spaces', () => {
    expect(parseDraft('{"a": 1, "a": 2}')).toMatchObject({ ok: false, issue: { message: expect.stringContaining('duplicate key') } });
    expect(parseDraft('[1]')).toMatchObject({ ok: false });
    const parsed = parseDraft('{"version":"1"}');
    expect(parsed.ok && formatDraft(parsed.doc)).toBe('{\n  "version": "1"\n}\n');
  });

  it("drops the built-in default's description on the first edit, and only that one", () => {
    expect(dropDefaultDescription({ ...DEFAULT_DENY_POLICY })).toEqual({ version: '1', default: 'deny' });
    expect(dropDefaultDescription({ ...base(), description: 'mine' })).toEqual({ ...base(), description: 'mine' });
  });

  it('sets and removes nested values without touching the original', () => {
    const doc = base();
    const next = setAt(doc, ['tools', 'x', 'limits', 0, 'max'], 5);
    expect(getAt(next, ['tools', 'x', 'limits'])).toEqual([{ max: 5 }]);
    expect(doc).toEqual(base());
    expect(setAt(next, ['tools', 'x', 'limits', 0], undefined)).toMatchObject({ tools: { x: { limits: [] } } });
  });
});
