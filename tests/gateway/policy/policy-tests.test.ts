// Policy tests: each case on fresh counters, `before` calls counted first, rules named.
import { describe, expect, it } from 'vitest';
import { formatTestReport, runPolicyTests } from '../../../electron/gateway/policy/policy-tests.js';
import type { PolicyTestCase } from '../../../shared/policy-replay.js';
import type { Policy } from '../../../shared/policy/types.js';

const POLICY: Policy = {
  version: '1',
  default: 'deny',
  hide: ['secret_*'],
  tools: {
    'get-sum': { deny_if: [{ path: 'args.a', op: 'gt', value: 100 }] },
    echo: { rate_limit: { max: 2, window: 'minute' } },
    wipe: { action: 'approve' },
  },
  resources: { rules: { 'memory://*': { action: 'deny' } } },
};
const run = (cases: PolicyTestCase[], policy = POLICY) => runPolicyTests({ serverId: 's', policy, cases, facts: () => ({}), file: 'policies/s.tests.json' });

describe('runPolicyTests', () => {
  it('passes cases that get the expected decision and rule, fails the others', async () => {
    const report = await run([
      { tool: 'get-sum', arguments: { a: 1 }, expect: 'allow', rule: 'tools.get-sum' },
      { tool: 'get-sum', arguments: { a: 500 }, expect: 'deny', rule: 'tools.get-sum.deny_if[0]' },
      { tool: 'secret_x', expect: 'hide' },
      { tool: 'wipe', expect: 'approve' },
      { tool: 'echo', expect: 'rate-limited', before: [{ tool: 'echo', times: 2 }] },
      { tool: 'echo', expect: 'allow', before: [{ tool: 'echo', times: 2, grant: 'other' }] },
      { method: 'resources/read', target: 'memory://graph', expect: 'deny' },
      { name: 'a wrong expectation', tool: 'unknown', expect: 'allow' },
    ]);
    expect(report.results.map((r) => r.passed)).toEqual([true, true, true, true, true, true, true, false]);
    expect(report).toMatchObject({ total: 8, passed: 7, failed: 1 });
    const text = formatTestReport(report);
    expect(text).toMatch(/^FAIL 8 a wrong expectation: expected allow, got deny by default — no rule allows this tool/m);
    expect(text.trimEnd().split('\n').at(-1)).toBe(`FAIL policies/s.tests.json: 7 passed, 1 failed, 8 cases (policy ${report.policyRevision})`);
  });

  it('a case names the rule or its exact part; naming another fails even with the right decision', async () => {
    const report = await run([
      { tool: 'get-sum', arguments: { a: 500 }, expect: 'deny', rule: 'tools.get-sum' },
      { tool: 'get-sum', arguments: { a: 500 }, expect: 'deny', rule: 'default' },
    ]);
    expect(report.results.map((r) => r.passed)).toEqual([true, false]);
    expect(report.results[1]).toMatchObject({ actualRule: 'tools.get-sum', actualCausePath: 'tools.get-sum.deny_if[0]' });
  });
});
