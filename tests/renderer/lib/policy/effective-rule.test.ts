// Which part of a policy applies to a tool, in the engine's order (hide, the exact tool rule, the
// most specific glob, the risk rule, the default), in words for the catalog and the builder; and
// the rule a Custom rule starts from (what decides the tool now, without its own rule).
import { describe, expect, it } from 'vitest';
import { effectiveRule, startingRule } from '../../../../renderer/src/lib/policy/effective-rule.js';
import type { JsonObject } from '../../../../renderer/src/lib/policy/policy-draft.js';

const base = (): JsonObject => ({ version: '1', default: 'deny' });

describe('effectiveRule', () => {
  it('says which rule applies, in the engine order', () => {
    const doc: JsonObject = {
      version: '1',
      default: 'deny',
      hide: ['internal_*'],
      tools: { 'odoo_*': { action: 'approve' }, 'odoo_read*': {}, odoo_unlink: { action: 'deny' } },
      risk: { read: { action: 'allow' } },
    };
    expect(effectiveRule(doc, 'internal_x').rule).toBe('hide[0]');
    expect(effectiveRule(doc, 'odoo_unlink')).toMatchObject({ rule: 'tools.odoo_unlink', action: 'deny', mode: 'deny' });
    expect(effectiveRule(doc, 'odoo_read_partner')).toMatchObject({ rule: 'tools.odoo_read*', action: 'allow', mode: 'default' });
    expect(effectiveRule(doc, 'odoo_write')).toMatchObject({ rule: 'tools.odoo_*', action: 'approve' });
    expect(effectiveRule(doc, 'fs_read', 'read')).toMatchObject({ rule: 'risk.read', action: 'allow' });
    expect(effectiveRule(doc, 'fs_write', 'write')).toMatchObject({ rule: 'default', action: 'deny' });
  });

  it('says it in words: who hides it, which rule decides and whether limits or conditions apply', () => {
    const doc: JsonObject = { ...base(), hide: ['secret', 'internal_*'], tools: { run: { action: 'approve', limits: [{ counter: 'c', window: 'hour', max: 5 }] }, 'odoo.read': {} } };
    expect(effectiveRule(doc, 'secret')).toEqual({ mode: 'hide', rule: 'hide[0]', action: 'hidden', conditional: false, text: "Hidden from clients by hide[0] ('secret')." });
    expect(effectiveRule(doc, 'internal_db')).toMatchObject({ mode: 'default', rule: 'hide[1]' });
    expect(effectiveRule(doc, 'run')).toEqual({ mode: 'custom', rule: 'tools.run', action: 'approve', conditional: true, text: 'Needs approval by tools.run, with limits or conditions.' });
    expect(effectiveRule(doc, 'odoo.read')).toMatchObject({ rule: 'tools["odoo.read"]', text: 'Allowed by tools["odoo.read"].' });
    expect(effectiveRule(doc, 'other').text).toBe('No rule names it: the default applies (denied).');
  });

  it('a risk rule applies only with a class given; a default that is not allow or approve denies', () => {
    const doc: JsonObject = { ...base(), default: 'approve', risk: { destructive: { action: 'deny' } } };
    expect(effectiveRule(doc, 'drop', 'destructive')).toMatchObject({ rule: 'risk.destructive', action: 'deny', text: 'No rule names it: the rule for destructive tools applies (denied).' });
    expect(effectiveRule(doc, 'drop')).toMatchObject({ rule: 'default', action: 'approve' });
    expect(effectiveRule({ version: '1', default: 'maybe' }, 'x').action).toBe('deny');
  });

  it('an exact rule beats a glob; the longer glob beats the shorter', () => {
    const doc: JsonObject = { ...base(), tools: { '*': { action: 'approve' }, 'fs_*': { action: 'deny' }, fs_read: {} } };
    expect(effectiveRule(doc, 'fs_read').rule).toBe('tools.fs_read');
    expect(effectiveRule(doc, 'fs_write').rule).toBe('tools.fs_*');
    expect(effectiveRule(doc, 'mail').rule).toBe('tools.*');
  });
});

describe('startingRule', () => {
  it('copies only the parts that decide, from the glob that applies', () => {
    const doc: JsonObject = { ...base(), tools: { 'fs_*': { action: 'approve', reason: 'ask', description: 'not copied', approval: { timeout_s: 30 } } } };
    expect(startingRule(doc, 'fs_write')).toEqual({ action: 'approve', reason: 'ask', approval: { timeout_s: 30 } });
  });

  it('a tool hidden by its own name starts from what decides once unhidden; hidden by a glob, from deny', () => {
    const doc: JsonObject = { ...base(), default: 'allow', hide: ['x', 'y*'] };
    expect(startingRule(doc, 'x')).toEqual({});
    expect(startingRule(doc, 'yes')).toEqual({ action: 'deny' });
    expect(startingRule({ ...base(), default: 'approve' }, 'z')).toEqual({ action: 'approve' });
  });
});
