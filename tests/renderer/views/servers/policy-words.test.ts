import { describe, expect, test } from 'vitest';
import { describePolicy } from '../../../../renderer/src/views/servers/policy-words.js';
import type { CatalogEntry } from '../../../../shared/catalog.js';
import type { Policy } from '../../../../shared/policy/types.js';

const entry = (name: string, riskClass: CatalogEntry['class']) => ({ name, class: riskClass }) as CatalogEntry;

describe('describePolicy', () => {
  const policy: Policy = {
    version: '1',
    default: 'deny',
    risk: { read: { action: 'allow' }, destructive: { action: 'approve', approval: { timeout_s: 60 } }, financial: { action: 'deny' } },
    tools: { echo: { limits: [{ counter: 'echo', window: 'minute', max: 60 }], reason: 'Echo is harmless' } },
    all_tools: { limits: [{ counter: 'all', window: 'hour', max: 1000 }] },
  };

  test("counts the catalog's tools per risk class and words each rule as every review does", () => {
    const lines = describePolicy(policy, [entry('echo', 'read'), entry('get', 'read'), entry('list', 'read'), entry('drop', 'destructive')]);
    expect(lines).toEqual([
      { what: '2 read tools', action: 'allow', detail: 'allowed' },
      { what: '1 destructive tool', action: 'approve', detail: 'asks for approval (times out after 60 s)' },
      { what: 'echo', action: 'allow', detail: 'allowed, at most 60 a minute — Echo is harmless' },
      { what: 'every tool together', action: 'allow', detail: 'at most 1000 an hour' },
      { what: 'anything no rule names', action: 'deny', detail: 'denied' },
    ]);
  });

  test('with the tool list unknown it names the classes without counts', () => {
    expect(describePolicy(policy, []).slice(0, 3).map((l) => l.what)).toEqual(['read tools', 'destructive tools', 'financial tools']);
  });
});
