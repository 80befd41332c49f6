import { describe, expect, it } from 'vitest';
import { compileRequestRules, governanceOf, isItemListed, resolveItem } from '../../../electron/gateway/policy/request-rules.js';
import type { Policy } from '../../../shared/policy/types.js';

describe('governanceOf', () => {
  it('maps each MCP method to what governs it; unknown methods to the default', () => {
    expect(governanceOf('resources/read')).toEqual({ kind: 'item', items: 'resource' });
    expect(governanceOf('prompts/get')).toEqual({ kind: 'item', items: 'prompt' });
    expect(governanceOf('completion/complete')).toEqual({ kind: 'section', section: 'completion' });
    expect(governanceOf('sampling/createMessage')).toEqual({ kind: 'section', section: 'sampling' });
    expect(governanceOf('ping')).toEqual({ kind: 'open' });
    expect(governanceOf('toString')).toEqual({ kind: 'default' }); // not an inherited property
    expect(governanceOf('tasks/get')).toEqual({ kind: 'default' });
  });
});

describe('compileRequestRules', () => {
  const policy: Policy = {
    version: '1',
    default: 'approve',
    resources: { hide: ['a://*', 'a://b'], rules: { 'a://b': { action: 'deny' }, 'b://*': { reason: 'glob' }, 'b://x*': { action: 'deny' } } },
    sampling: 'deny',
    roots: { action: 'approve', approval: { timeout_s: 9 } },
  };
  const rules = compileRequestRules(policy);

  it('compiles one-rule sections from strings and objects, absent ones to the document default', () => {
    expect(rules.sections.sampling).toMatchObject({ path: 'sampling', kind: 'rule', action: 'deny' });
    expect(rules.sections.roots).toMatchObject({ action: 'approve', approvalTimeoutSeconds: 9 });
    expect(rules.sections.logging).toMatchObject({ path: 'default', kind: 'default', action: 'approve', approvalTimeoutSeconds: 50 });
  });

  it('resolves items: hide first (an exact entry is the one reported), then the most specific rule, then the fallback', () => {
    expect(resolveItem(rules.resources, 'a://b')).toEqual({ hidden: 1 });
    expect(resolveItem(rules.resources, 'a://c')).toEqual({ hidden: 0 });
    expect(resolveItem(rules.resources, 'b://xy')).toMatchObject({ rule: { path: 'resources.rules["b://x*"]' } });
    expect(resolveItem(rules.resources, 'b://y')).toMatchObject({ rule: { path: 'resources.rules["b://*"]', reason: 'glob' } });
    expect(resolveItem(rules.prompts, 'p')).toMatchObject({ rule: { path: 'default', action: 'approve' } });
  });

  it('lists an item unless hidden or denied only by a default', () => {
    expect(isItemListed(rules.resources, 'b://xy')).toBe(true); // denied by a rule that names it
    expect(isItemListed(rules.resources, 'a://c')).toBe(false);
    const denyAll = compileRequestRules({ version: '1', default: 'deny' });
    expect(isItemListed(denyAll.resources, 'memory://knowledge-graph')).toBe(false);
  });
});
