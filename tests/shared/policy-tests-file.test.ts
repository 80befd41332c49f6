// The policy tests file (policies/<server>.tests.json): checked like a policy, every problem with its path.
import { describe, expect, it } from 'vitest';
import { caseName, parsePolicyTestsText, validatePolicyTests } from '../../shared/policy-tests-file.js';

const paths = (doc: unknown) => {
  const parsed = validatePolicyTests(doc);
  return parsed.ok ? [] : parsed.errors.map((e) => e.path);
};

describe('parsePolicyTestsText', () => {
  it('every problem with its JSON path', () => {
    const parsed = parsePolicyTestsText(JSON.stringify({ cases: [{ tool: 'x', expect: 'allowed' }, { expect: 'deny' }, { tool: 'y', method: 'z', expect: 'deny', before: [{ tool: 'x', times: 0 }] }] }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.path)).toEqual(['cases[0].expect', 'cases[1]', 'cases[2]', 'cases[2].before[0].times']);
    expect(parsed.errors[0]?.message).toMatch(/expected allow, deny, hide, approve or rate-limited, got 'allowed'/);
  });

  it('reports broken JSON with its line and column', () => {
    const parsed = parsePolicyTestsText('{\n  "cases": [,]\n}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatchObject({ path: '', line: 2 });
    if (!parsed.ok) expect(parsed.errors[0]?.message).toMatch(/^not valid JSON at line 2, column \d+/);
  });

  it('accepts a good file as it is', () => {
    const file = { description: 'limits', cases: [{ name: 'sum', tool: 'get-sum', arguments: { a: 1 }, expect: 'allow', rule: 'tools.get-sum', before: [{ tool: 'get-sum', times: 3 }] }, { method: 'resources/read', target: 'memory://x', expect: 'deny' }] };
    expect(parsePolicyTestsText(JSON.stringify(file))).toEqual({ ok: true, file });
  });
});

describe('validatePolicyTests', () => {
  it('needs a list of cases and knows only its own keys', () => {
    expect(paths([])).toEqual(['']);
    expect(paths({ cases: {} })).toEqual(['cases']);
    expect(paths({ cases: [], extra: 1 })).toEqual(['extra']);
    expect(paths({ cases: [{ tool: 'x', expect: 'allow', expected: 'deny' }] })).toEqual(['cases[0].expected']);
  });

  it('wants a tool call written with "tool", a target only on method cases, arguments an object', () => {
    expect(paths({ cases: [{ method: 'tools/call', expect: 'allow' }] })).toEqual(['cases[0].method']);
    expect(paths({ cases: [{ tool: 'x', target: 'y', expect: 'allow' }] })).toEqual(['cases[0].target']);
    expect(paths({ cases: [{ tool: 'x', arguments: [1], expect: 'allow' }] })).toEqual(['cases[0].arguments']);
    expect(paths({ cases: [{ tool: 'x', grant: '', expect: 'allow' }] })).toEqual(['cases[0].grant']);
  });

  it('bounds and types the calls made first', () => {
    expect(paths({ cases: [{ tool: 'x', expect: 'allow', before: {} }] })).toEqual(['cases[0].before']);
    expect(paths({ cases: [{ tool: 'x', expect: 'allow', before: [{ tool: 'x', times: 100_001 }, { tool: 'x', times: 1.5 }, { tool: 'x', times: 100_000 }] }] })).toEqual([
      'cases[0].before[0].times',
      'cases[0].before[1].times',
    ]);
    expect(paths({ cases: [{ tool: 'x', expect: 'allow', before: [{ tool: 'x', expect: 'deny' }] }] })).toEqual(['cases[0].before[0].expect']);
  });
});

describe('caseName', () => {
  it('is the name, else the tool, else the method and its target', () => {
    expect(caseName({ name: 'small sums', tool: 'get-sum', expect: 'allow' })).toBe('small sums');
    expect(caseName({ tool: 'get-sum', expect: 'allow' })).toBe('get-sum');
    expect(caseName({ method: 'resources/read', target: 'memory://x', expect: 'deny' })).toBe('resources/read memory://x');
    expect(caseName({ method: 'sampling/createMessage', expect: 'deny' })).toBe('sampling/createMessage');
  });
});
