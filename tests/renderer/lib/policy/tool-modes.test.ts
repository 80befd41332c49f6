import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../../shared/policy/validate.js';
import { describePolicyChanges } from '../../../../shared/policy/policy-change-words.js';
import { startingRule } from '../../../../renderer/src/lib/policy/effective-rule.js';
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

  it('keeps the reason and anything else not touched across Allow → Deny → Approve → Allow (round trip)', () => {
    let doc = setToolMode(base(), 'pay', 'deny');
    doc = setAt(doc, ['tools', 'pay', 'reason'], 'ask finance');
    doc = setToolMode(doc, 'pay', 'allow');
    expect(getAt(doc, ['tools', 'pay'])).toEqual({ reason: 'ask finance' });
    doc = setToolMode(doc, 'pay', 'deny');
    expect(getAt(doc, ['tools', 'pay'])).toEqual({ action: 'deny', reason: 'ask finance' });
    doc = setToolMode(doc, 'pay', 'approve');
    doc = setAt(doc, ['tools', 'pay', 'approval'], { timeout_s: 60 });
    doc = setToolMode(doc, 'pay', 'custom');
    doc = setToolMode(doc, 'pay', 'approve');
    expect(getAt(doc, ['tools', 'pay'])).toEqual({ action: 'approve', reason: 'ask finance', approval: { timeout_s: 60 } });
    doc = setToolMode(doc, 'pay', 'allow');
    expect(getAt(doc, ['tools', 'pay'])).toEqual({ reason: 'ask finance' });
    expect(validatePolicy(doc).ok).toBe(true);
    const onDeny = setToolMode(setToolMode({ ...base(), tools: { x: { action: 'deny', on_deny: 'legacy' } } }, 'x', 'allow'), 'x', 'deny');
    expect(getAt(onDeny, ['tools', 'x'])).toEqual({ action: 'deny', on_deny: 'legacy' });
  });

  it('Custom starts from the decision that applies now, and changes nothing by itself', () => {
    // A tool denied by the default: Custom starts as deny, with no limit pre-filled.
    expect(getAt(setToolMode(base(), 'get-env', 'custom', { start: startingRule(base(), 'get-env', 'read') }), ['tools', 'get-env'])).toEqual({ action: 'deny' });
    // Its own rule stays as it is.
    const own = { ...base(), tools: { pay: { action: 'deny', reason: 'ask finance' } } };
    expect(getAt(setToolMode(own, 'pay', 'custom'), ['tools', 'pay'])).toEqual({ action: 'deny', reason: 'ask finance' });
    // A risk rule with limits and conditions: copied, so the tool's decision is the same.
    const risky: JsonObject = {
      ...base(),
      risk: { execute: { action: 'approve', reason: 'ask', limits: [{ counter: 'ex', window: 'hour', max: 5 }], require: [{ path: 'args.x', op: 'exists' }] } },
    };
    expect(startingRule(risky, 'run', 'execute')).toEqual(risky.risk && (risky.risk as JsonObject).execute);
    // The most specific glob, then the default (allow: an empty rule).
    const globs: JsonObject = { ...base(), default: 'allow', tools: { 'odoo_*': { action: 'approve' }, 'odoo_read*': { action: 'deny' } } };
    expect(startingRule(globs, 'odoo_read_partner')).toEqual({ action: 'deny' });
    expect(startingRule(globs, 'other')).toEqual({});
    expect(startingRule({ ...base(), hide: ['get-env'] }, 'get-env')).toEqual({ action: 'deny' });
  });

  it('rate-limiting a tool without a rule keeps what decides it now', () => {
    const doc = addToolRateLimit(base(), 'search', 10, 'minute', startingRule(base(), 'search'));
    expect(getAt(doc, ['tools', 'search'])).toEqual({ action: 'deny', limits: [{ counter: 'search_rate', window: 'minute', max: 10, scope: 'grant' }] });
  });

  it('hiding drops the rule (it would never apply), and the review says so', () => {
    const before: JsonObject = { ...base(), tools: { x: { action: 'deny', reason: 'r' } } };
    const hidden = setToolMode(before, 'x', 'hide');
    expect(hidden).toEqual({ ...base(), hide: ['x'] });
    expect(validatePolicy(hidden)).toMatchObject({ ok: true, warnings: [] });
    expect(describePolicyChanges(before, hidden).map((c) => c.text)).toEqual(['x: hidden from clients', 'rule removed: x (was denied; now denied (the default))']);
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

  it('names the hide entry that hides a tool', () => {
    expect(hiddenBy({ ...base(), hide: ['internal_*'] }, 'internal_x')).toBe('internal_*');
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
