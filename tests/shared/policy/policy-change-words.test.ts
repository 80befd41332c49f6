import { describe, expect, it } from 'vitest';
import { describePolicyChanges, type PolicyChange } from '../../../shared/policy/policy-change-words.js';

const base = { version: '1', default: 'deny' };
const lines = (changes: PolicyChange[]) => changes.map((c) => `${c.effect === 'loosens' ? '+' : c.effect === 'tightens' ? '-' : '='} ${c.text}`);
const diff = (before: object, after: object) => lines(describePolicyChanges(before, after));

describe('policy changes in words: tools', () => {
  it('says nothing for the same document, whatever its key order', () => {
    expect(describePolicyChanges({ ...base, tools: { a: { action: 'deny', reason: 'r' } } }, { tools: { a: { reason: 'r', action: 'deny' } }, default: 'deny', version: '1' })).toEqual([]);
  });

  it('a new rule against what applied before it: the default', () => {
    expect(diff(base, { ...base, tools: { 'get-env': { limits: [{ counter: 'c', window: 'minute', max: 60, scope: 'grant' }] } } })).toEqual([
      '+ get-env: denied (the default) → allowed, at most 60 a minute',
    ]);
    expect(diff({ ...base, default: 'allow' }, { ...base, default: 'allow', tools: { x: { action: 'deny', reason: 'no' } } })).toEqual([
      '- x: allowed (the default) → denied',
      '= x: reason “no”',
    ]);
  });

  it('a new rule against the glob that covered the tool before', () => {
    const before = { ...base, tools: { 'odoo_*': { action: 'approve' } } };
    expect(diff(before, { ...before, tools: { ...before.tools, odoo_read: {} } })).toEqual(['+ odoo_read: asks for approval (times out after 50 s) (by tools.odoo_*) → allowed']);
  });

  it('names risk rules as what applies when a document has them', () => {
    const before = { ...base, risk: { read: {} } };
    expect(diff(before, { ...before, tools: { x: { action: 'deny' } } })).toEqual(['= x: its risk rule, else the default (denied) → denied']);
  });

  it('an action change, both ways, with the approval timeout', () => {
    const was = { ...base, tools: { delete_file: {} } };
    expect(diff(was, { ...base, tools: { delete_file: { action: 'approve', approval: { timeout_s: 60 } } } })).toEqual([
      '- delete_file: allowed → asks for approval (times out after 60 s)',
    ]);
    expect(diff({ ...base, tools: { x: { action: 'deny' } } }, { ...base, tools: { x: { action: 'approve' } } })).toEqual(['+ x: denied → asks for approval (times out after 50 s)']);
    expect(diff({ ...base, tools: { x: { action: 'approve' } } }, { ...base, tools: { x: { action: 'approve', approval: { timeout_s: 30 } } } })).toEqual([
      '= x: asks for approval (times out after 50 s) → asks for approval (times out after 30 s)',
    ]);
  });

  it('a removed rule says what applies now', () => {
    expect(diff({ ...base, tools: { x: { action: 'deny', reason: 'r' } } }, base)).toEqual(['= rule removed: x (was denied; now denied (the default))']);
    expect(diff({ ...base, default: 'allow', tools: { x: { action: 'deny' } } }, { ...base, default: 'allow' })).toEqual(['+ rule removed: x (was denied; now allowed (the default))']);
    expect(diff({ ...base, tools: { x: {} } }, base)).toEqual(['- rule removed: x (was allowed; now denied (the default))']);
  });

  it('reasons: added, changed, removed, and on_deny read as the reason', () => {
    const rule = (r: object) => ({ ...base, tools: { x: { action: 'deny', ...r } } });
    expect(diff(rule({}), rule({ reason: 'b' }))).toEqual(['= x: reason added: “b”']);
    expect(diff(rule({ reason: 'a' }), rule({ reason: 'b' }))).toEqual(['= x: reason changed: “a” → “b”']);
    expect(diff(rule({ on_deny: 'a' }), rule({}))).toEqual(['= x: reason removed (was “a”)']);
    expect(diff(rule({ on_deny: 'a' }), rule({ reason: 'a' }))).toEqual(['= x: reason, on_deny changed']);
  });

  it('limits: raised and removed loosen; lowered, added and a longer window tighten', () => {
    const lim = (max: number, window: unknown = 'minute', extra: object = {}) => ({ ...base, tools: { s: { limits: [{ counter: 'c', window, max, scope: 'grant', ...extra }] } } });
    expect(diff(lim(10), lim(20))).toEqual(['+ s: allowed, at most 10 a minute → allowed, at most 20 a minute']);
    expect(diff(lim(20), lim(10))).toEqual(['- s: allowed, at most 20 a minute → allowed, at most 10 a minute']);
    expect(diff(lim(60), lim(60, 'hour'))).toEqual(['- s: allowed, at most 60 a minute → allowed, at most 60 an hour']);
    expect(diff(lim(60, 'hour'), lim(1, 'minute'))).toEqual(['- s: allowed, at most 60 an hour → allowed, at most 1 a minute']);
    expect(diff(lim(60, 60), lim(1, 1))).toEqual(['- s: allowed, at most 60 per 60 s → allowed, at most 1 per 1 s'])
    expect(diff(lim(10), lim(100, 'hour'))).toEqual(['+ s: allowed, at most 10 a minute → allowed, at most 100 an hour']);
    expect(diff(lim(10), { ...base, tools: { s: {} } })).toEqual(['+ s: allowed, at most 10 a minute → allowed']);
    expect(diff({ ...base, tools: { s: {} } }, lim(10))).toEqual(['- s: allowed → allowed, at most 10 a minute']);
    expect(diff(lim(100, 'day'), lim(100, 'day', { increment_from: 'args.amount' }))).toEqual([
      '+ s: allowed, at most 100 a day → allowed, at most 100 of args.amount a day',
    ]);
    expect(diff(lim(10), lim(10, 'minute', { scope: 'global' }))).toEqual(['+ s: allowed, at most 10 a minute → allowed, at most 10 a minute for all clients together']);
  });

  it('a renamed counter is named even though the words stay the same', () => {
    const lim = (counter: string) => ({ ...base, tools: { s: { limits: [{ counter, window: 'minute', max: 10 }] } } });
    expect(diff(lim('a'), lim('b'))).toEqual(['+ s: limits changed (still allowed, at most 10 a minute)']);
  });

  it('the rate_limit shorthand reads as a limit', () => {
    expect(diff(base, { ...base, tools: { s: { rate_limit: { max: 5, window: 'second' } } } })).toEqual(['+ s: denied (the default) → allowed, at most 5 a second']);
  });

  it('conditions: require and deny_if, added, removed and changed', () => {
    const req = (conditions: object[], key = 'require') => ({ ...base, tools: { q: { [key]: conditions } } });
    const c1 = { path: 'args.mode', op: 'eq', value: 'read' };
    const c2 = { path: 'args.path', op: 'regex', value: '^/tmp/' };
    expect(diff(req([c1]), req([c1, c2]))).toEqual(['- q: allowed, only if args.mode = "read" (otherwise denied) → allowed, only if args.mode = "read" and args.path matches /^/tmp// (otherwise denied)']);
    expect(diff(req([c1, c2]), req([c1]))[0]).toMatch(/^\+ q: /);
    expect(diff(req([c1]), req([{ ...c1, value: 'write' }]))).toEqual(['+ q: allowed, only if args.mode = "read" (otherwise denied) → allowed, only if args.mode = "write" (otherwise denied)']);
    expect(diff(req([c1], 'deny_if'), req([], 'deny_if'))).toEqual(['+ q: allowed, denied if args.mode = "read" → allowed']);
    expect(diff(req([]), req([{ path: 'args.n', op: 'lte', value: 5 }, { path: 'args.f', op: 'exists', value: false }, { path: 'args.t', op: 'in', value: ['a', 'b'] }]))).toEqual([
      '- q: allowed → allowed, only if args.n ≤ 5 and args.f is absent and args.t is one of ["a","b"] (otherwise denied)',
    ]);
  });

  it('a denying rule is just denied: its limits and conditions never apply', () => {
    expect(diff({ ...base, tools: { x: { action: 'deny' } } }, { ...base, tools: { x: { action: 'deny', limits: [{ counter: 'c', window: 'minute', max: 1 }] } } })).toEqual(['= x: limits changed']);
    expect(diff({ ...base, tools: { x: { action: 'deny', limits: [{ counter: 'c', window: 'minute', max: 1 }] } } }, { ...base, tools: { x: { limits: [{ counter: 'c', window: 'minute', max: 1 }] } } })).toEqual([
      '+ x: denied → allowed, at most 1 a minute',
    ]);
  });

  it('schema checks per rule and for the whole policy', () => {
    expect(diff({ ...base, tools: { x: { validate_schema: true } } }, { ...base, tools: { x: {} } })).toEqual(['+ x: allowed, arguments checked against its schema → allowed']);
    expect(diff(base, { ...base, validate_schema: true })).toEqual(["- arguments checked against each tool's schema: off → on"]);
    expect(diff({ ...base, validate_schema: true }, base)).toEqual(["+ arguments checked against each tool's schema: on → off"]);
  });

  it('globs are named as patterns', () => {
    expect(diff(base, { ...base, tools: { 'odoo_*': {} } })).toEqual(['+ tools matching odoo_*: denied (the default) → allowed']);
  });
});

describe('policy changes in words: the rest of the document', () => {
  it('the default', () => {
    expect(diff(base, { ...base, default: 'allow' })).toEqual(['+ default for tools not listed: deny → allow']);
    expect(diff({ ...base, default: 'allow' }, { ...base, default: 'approve' })).toEqual(['- default for tools not listed: allow → approve']);
  });

  it('hide: added and removed, names and globs', () => {
    expect(diff(base, { ...base, hide: ['secret', 'delete_*'] })).toEqual(['- secret: hidden from clients', '- tools matching delete_*: hidden from clients']);
    expect(diff({ ...base, hide: ['secret'] }, base)).toEqual(['+ secret: no longer hidden']);
  });

  it('all_tools: limits added, changed, removed, and its reason', () => {
    const all = (max: number | undefined, reason?: string) => ({
      ...base,
      all_tools: { ...(max === undefined ? {} : { limits: [{ counter: 'all', window: 'minute', max }] }), ...(reason ? { reason } : {}) },
    });
    expect(diff(all(undefined), all(120))).toEqual(['- all tools: limit added, at most 120 a minute']);
    expect(diff(all(120), all(200))).toEqual(['+ all tools: at most 120 a minute → at most 200 a minute']);
    expect(diff(all(120), all(undefined))).toEqual(['+ all tools: limit removed (was at most 120 a minute)']);
    expect(diff(all(120), all(120, 'too many'))).toEqual(['= all tools: reason added: “too many”']);
  });

  it('risk rules by class', () => {
    expect(diff(base, { ...base, risk: { destructive: { action: 'approve' } } })).toEqual(['- destructive tools (risk rule): denied (the default) → asks for approval (times out after 50 s)'.replace('- ', '+ ')]);
    expect(diff({ ...base, risk: { read: {} } }, { ...base, risk: { read: { action: 'deny' } } })).toEqual(['- read tools (risk rule): allowed → denied']);
  });

  it('resources and prompts: section default, hide, rules', () => {
    expect(diff(base, { ...base, resources: { default: 'allow' } })).toEqual(['+ default for resources not listed: follows the default (deny) → allow']);
    expect(diff(base, { ...base, resources: { hide: ['secret://*'] } })).toEqual(['- resource secret://*: hidden from clients']);
    expect(diff(base, { ...base, resources: { rules: { 'memory://kg': { action: 'deny', reason: 'use tools' } } } })).toEqual([
      '= resource memory://kg: denied (the resources default) → denied',
    ]);
    expect(diff({ ...base, prompts: { rules: { 'summarise-*': {} } } }, base)).toEqual(['- rule removed: prompt summarise-* (was allowed; now denied (the prompts default))']);
    expect(diff({ ...base, prompts: { rules: { p: { action: 'approve' } } } }, { ...base, prompts: { rules: { p: { action: 'approve', reason: 'why' } } } })).toEqual([
      '= prompt p: reason added: “why”',
    ]);
    expect(diff({ ...base, resources: { rules: { r: { action: 'approve' } } } }, { ...base, resources: { rules: { r: {} } } })).toEqual([
      '+ resource r: asks for approval (times out after 50 s) → allowed',
    ]);
  });

  it('the one-rule sections: absent, a string, an object', () => {
    expect(diff(base, { ...base, sampling: 'approve' })).toEqual([
      "+ sampling (the server using the client's model): follows the default (denied) → asks for approval (times out after 50 s)",
    ]);
    expect(diff({ ...base, roots: 'allow' }, base)).toEqual(["- roots (the server reading the client's workspace folders): allowed → follows the default (denied)"]);
    expect(diff({ ...base, logging: 'deny' }, { ...base, logging: { action: 'deny' } })).toEqual([]);
    expect(diff({ ...base, completion: 'deny' }, { ...base, completion: { action: 'deny', reason: 'no' } })).toEqual(['= completion: reason added: “no”']);
    expect(diff({ ...base, elicitation: 'allow' }, { ...base, elicitation: 'deny' })).toEqual(["- elicitation (the server asking the client's user): allowed → denied"]);
  });

  it('redaction, version, description and unknown keys', () => {
    expect(diff(base, { ...base, redact: ['password'] })).toEqual(['- call log: also redacts argument “password”']);
    expect(diff({ ...base, redact: ['password'] }, base)).toEqual(['+ call log: no longer redacts argument “password”']);
    expect(diff(base, { ...base, description: 'mine' })).toEqual(['= description added: "mine"']);
    expect(diff({ ...base, description: 'a' }, { ...base, description: 'b' })).toEqual(['= description changed: "a" → "b"']);
  });

  it('puts loosening changes first, then tightening, then the rest, each in document order', () => {
    const before = { ...base, tools: { a: {}, b: { action: 'deny', reason: 'x' } } };
    const after = { ...base, default: 'allow', tools: { a: { action: 'deny' }, b: { action: 'deny', reason: 'y' }, c: {} } };
    expect(diff(before, after)).toEqual([
      '+ default for tools not listed: deny → allow',
      '+ c: denied (the default) → allowed',
      '- a: allowed → denied',
      '= b: reason changed: “x” → “y”',
    ]);
    expect(describePolicyChanges(before, after).map((c) => c.path)).toEqual(['default', 'tools.c', 'tools.a', 'tools.b']);
  });

  it('reads documents that are not objects as empty, and odd keys with quotes', () => {
    expect(describePolicyChanges(null, base).map((c) => c.text)).toEqual(['default for tools not listed: nothing → deny', 'version added: "1"']);
    expect(describePolicyChanges(base, { ...base, tools: { 'odoo.read': {} } })[0]?.path).toBe('tools["odoo.read"]');
  });
});
