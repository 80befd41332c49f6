import { expect, it } from 'vitest';
import type { Policy } from '../../../shared/policy/types.js';
import { canonicalJson, policyRevision } from '../../../electron/gateway/policy/policy-revision.js';

it('canonicalJson sorts keys at every depth, keeps array order and drops undefined members', () => {
  expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  expect(canonicalJson([2, 1])).toBe('[2,1]');
  expect(canonicalJson(null)).toBe('null');
  expect(canonicalJson(undefined)).toBe('null');
  expect(canonicalJson('x"y')).toBe('"x\\"y"');
});

it('the same rules give the same 12-hex revision however keys are ordered', () => {
  const a: Policy = { version: '1', default: 'deny', tools: { x: { action: 'allow' }, y: { action: 'deny', reason: 'no' } } };
  const b = JSON.parse('{"tools":{"y":{"reason":"no","action":"deny"},"x":{"action":"allow"}},"default":"deny","version":"1"}') as Policy;
  expect(policyRevision(a)).toMatch(/^[0-9a-f]{12}$/);
  expect(policyRevision(b)).toBe(policyRevision(a));
});

it('any change to the rules changes the revision', () => {
  const base: Policy = { version: '1', default: 'deny', tools: { x: { action: 'allow' } } };
  const changed: Policy[] = [
    { ...base, default: 'allow' },
    { ...base, tools: { x: { action: 'deny' } } },
    { ...base, hide: ['x'] },
    { ...base, tools: { x: { action: 'allow', reason: 'r' } } },
  ];
  const revisions = new Set([base, ...changed].map(policyRevision));
  expect(revisions.size).toBe(changed.length + 1);
});
