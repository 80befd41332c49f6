// compilePolicy's output as such; what the compiled rules decide is engine.test.ts's subject.
import { expect, it } from 'vitest';
import { compilePolicy, hasShadowParts, resolveRule } from '../../../electron/gateway/policy/compile.js';
import { policyRevision } from '../../../electron/gateway/policy/policy-revision.js';
import type { Policy } from '../../../shared/policy/types.js';
import { validatePolicy } from '../../../shared/policy/validate.js';

function valid(doc: unknown): Policy {
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

it('each rule knows where it is written and what kind it is; the revision is the document\'s', () => {
  const policy = valid({ version: '1', default: 'deny', tools: { 'odoo.read': { action: 'allow' }, 'x_*': { action: 'approve' } }, risk: { destructive: { action: 'deny' } } });
  const compiled = compilePolicy(policy);
  expect(compiled.revision).toBe(policyRevision(policy));
  expect(compiled.source).toBe(policy);
  expect(resolveRule(compiled, 'odoo.read', undefined)).toMatchObject({ path: 'tools["odoo.read"]', kind: 'tool', action: 'allow' });
  expect(resolveRule(compiled, 'x_1', 'destructive')).toMatchObject({ path: 'tools.x_*', kind: 'tool', action: 'approve' });
  expect(resolveRule(compiled, 'other', 'destructive')).toMatchObject({ path: 'risk.destructive', kind: 'risk', action: 'deny' });
  expect(resolveRule(compiled, 'other', undefined)).toBe(compiled.defaultRule);
  expect(compiled.defaultRule).toMatchObject({ path: 'default', kind: 'default', action: 'deny' });
});

it('a rule with no action allows; reason falls back to on_deny; approval timeout defaults to 50 s', () => {
  const compiled = compilePolicy(valid({ version: '1', default: 'deny', tools: { a: {}, b: { on_deny: 'nope' }, c: { reason: 'r', on_deny: 'o', action: 'approve', approval: { timeout_s: 9 } } } }));
  expect(resolveRule(compiled, 'a', undefined)).toMatchObject({ action: 'allow', approvalTimeoutSeconds: 50 });
  expect(resolveRule(compiled, 'a', undefined)).not.toHaveProperty('reason');
  expect(resolveRule(compiled, 'b', undefined).reason).toBe('nope');
  expect(resolveRule(compiled, 'c', undefined)).toMatchObject({ reason: 'r', approvalTimeoutSeconds: 9 });
});

it('conditions and limits carry their JSON paths; all_tools limits come first on every rule', () => {
  const compiled = compilePolicy(
    valid({
      version: '1',
      default: 'allow',
      all_tools: { limits: [{ counter: 'all', window: 'hour', max: 100 }], reason: 'budget' },
      tools: { t: { require: [{ path: 'args.a', op: 'exists' }], deny_if: [{ path: 'args.b', op: 'eq', value: 1 }], limits: [{ counter: 't', window: 'minute', max: 5 }], rate_limit: { max: 2, window: 'second' } } },
    }),
  );
  const rule = resolveRule(compiled, 't', undefined);
  expect(rule.require.map((c) => [c.rulePath, c.argPath])).toEqual([['tools.t.require[0]', 'args.a']]);
  expect(rule.denyIf.map((c) => [c.rulePath, c.argPath])).toEqual([['tools.t.deny_if[0]', 'args.b']]);
  expect(rule.limits.map((l) => l.limitPath)).toEqual(['all_tools.limits[0]', 'tools.t.limits[0]', 'tools.t.rate_limit']);
  expect(compiled.defaultRule.limits.map((l) => l.limitPath)).toEqual(['all_tools.limits[0]']);
  expect(compiled.allToolsReason).toBe('budget');
});

it('a counter keeps its log as long as its longest window anywhere in the policy', () => {
  const compiled = compilePolicy(
    valid({ version: '1', default: 'allow', tools: { a: { limits: [{ counter: 'c', window: 'day', max: 50 }] }, b: { limits: [{ counter: 'c', window: 'minute', max: 5 }, { counter: 'other', window: 'second', max: 1 }] } } }),
  );
  const retain = (tool: string) => resolveRule(compiled, tool, undefined).limits.map((l) => [l.counter, l.windowMs, l.retainMs]);
  expect(retain('a')).toEqual([['c', 86_400_000, 86_400_000]]);
  expect(retain('b')).toEqual([['c', 60_000, 86_400_000], ['other', 1_000, 1_000]]);
});

it('validate_schema: a rule setting wins over the policy-wide one, and the source of the check is named', () => {
  const compiled = compilePolicy(valid({ version: '1', default: 'allow', validate_schema: true, tools: { off: { validate_schema: false }, on: { validate_schema: true }, plain: {} } }));
  expect(resolveRule(compiled, 'off', undefined).validateSchema).toBeUndefined();
  expect(resolveRule(compiled, 'on', undefined).validateSchema).toBe('tools.on.validate_schema');
  expect(resolveRule(compiled, 'plain', undefined).validateSchema).toBe('validate_schema');
  const none = compilePolicy(valid({ version: '1', default: 'allow', tools: { plain: {} } }));
  expect(resolveRule(none, 'plain', undefined).validateSchema).toBeUndefined();
});

it('shadow parts are left out of the enforced view and kept, as if enforced, in the shadow view', () => {
  const policy = valid({
    version: '1',
    default: 'allow',
    tools: { s: { action: 'deny', mode: 'shadow' }, t: { limits: [{ counter: 'c', window: 'minute', max: 1, mode: 'shadow' }] } },
  });
  expect(hasShadowParts(policy)).toBe(true);
  const compiled = compilePolicy(policy);
  expect(resolveRule(compiled, 's', undefined)).toBe(compiled.defaultRule);
  expect(resolveRule(compiled, 't', undefined).limits).toEqual([]);
  const shadow = compiled.shadow!;
  expect(resolveRule(shadow, 's', undefined)).toMatchObject({ action: 'deny', shadow: true, touchesShadow: true });
  expect(resolveRule(shadow, 't', undefined)).toMatchObject({ shadow: false, touchesShadow: true, limits: [{ counter: 'c', shadow: true }] });
});

it('hasShadowParts looks at rules, limits, rate limits, resources and request sections; a policy without any has no shadow view', () => {
  const base = { version: '1', default: 'allow' } as const;
  expect(hasShadowParts(valid(base))).toBe(false);
  expect(compilePolicy(valid(base)).shadow).toBeUndefined();
  expect(hasShadowParts(valid({ ...base, tools: { t: { rate_limit: { max: 1, window: 'minute', mode: 'shadow' } } } }))).toBe(true);
  expect(hasShadowParts(valid({ ...base, all_tools: { limits: [{ counter: 'a', window: 'minute', max: 1, mode: 'shadow' }] } }))).toBe(true);
  expect(hasShadowParts(valid({ ...base, risk: { write: { action: 'deny', mode: 'shadow' } } }))).toBe(true);
  expect(hasShadowParts(valid({ ...base, resources: { default: 'allow', rules: { 'memory://x': { action: 'deny', mode: 'shadow' } } } }))).toBe(true);
  expect(hasShadowParts(valid({ ...base, logging: { action: 'deny', mode: 'shadow' } }))).toBe(true);
});

it('hide keeps the order written; redact and store_unreachable pass through', () => {
  const compiled = compilePolicy(valid({ version: '1', default: 'allow', hide: ['*_admin', 'db_admin'], redact: ['ssn'], store_unreachable: 'allow' }));
  expect(compiled.hide.match('db_admin')).toBe(1); // an exact entry is reported over a glob
  expect(compiled.hide.match('x_admin')).toBe(0);
  expect(compiled.hide.match('x')).toBeUndefined();
  expect(compiled.redact).toEqual(['ssn']);
  expect(compiled.storeUnreachable).toBe('allow');
  expect(compilePolicy(valid({ version: '1', default: 'allow' })).redact).toEqual([]);
});
