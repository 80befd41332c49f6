import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../shared/calls.js';
import { describeRule, explainCall } from '../../../renderer/src/lib/why.js';

const base: CallRecord = {
  id: '1',
  time: '2026-11-25T12:00:00.000Z',
  server: 'odoo',
  grant: 'cursor',
  session: 's',
  tool: 'odoo_unlink',
  decision: 'allow',
  rule: 'tools.odoo_unlink',
  upstream: 'ok',
  latency: { gatewayMs: 1, upstreamMs: 12, totalMs: 13 },
};

describe('why in words', () => {
  it('names the rule and what the agent was told for a denial', () => {
    const text = explainCall({ ...base, decision: 'deny', upstream: 'not-called', reason: 'Deleting records is not allowed for agents' });
    expect(text).toContain('Denied by the rule tools.odoo_unlink');
    expect(text).toContain('Deleting records is not allowed for agents');
    expect(text).toContain('The server was not called.');
  });

  it('explains the default and limits', () => {
    expect(explainCall({ ...base, decision: 'deny', rule: 'default', upstream: 'not-called' })).toContain('no rule names this tool, and the default is deny');
    const limited = explainCall({
      ...base,
      decision: 'deny',
      rule: 'tools.odoo_unlink',
      upstream: 'not-called',
      counters: [{ counter: 'unlink_rate', scope: 'grant', used: 10, max: 10 }],
    });
    expect(limited).toContain("the limit 'unlink_rate' (per grant) was used up, 10 of 10");
  });

  it('tells approvals apart', () => {
    expect(explainCall({ ...base, decision: 'approve', approval: { id: 'a', outcome: 'approved', scope: 'session', waitedMs: 4200 } })).toContain(
      'approved for the rest of the session after 4.20 s',
    );
    expect(explainCall({ ...base, decision: 'approve', upstream: 'not-called', approval: { id: 'a', outcome: 'denied', reason: 'not now', waitedMs: 1 } })).toContain(
      'a person denied it: “not now”',
    );
    expect(explainCall({ ...base, decision: 'approve', upstream: 'not-called', approval: { id: 'a', outcome: 'timeout', waitedMs: 120_000 } })).toContain('nobody answered');
  });

  it('describes the upstream outcome', () => {
    expect(explainCall(base)).toContain('The server answered in 12 ms.');
    expect(explainCall({ ...base, upstream: 'tool-error', error: 'record not found' })).toContain('reported an error: record not found');
    expect(explainCall({ ...base, upstream: 'timeout' })).toContain('did not answer in time');
  });

  it('reads rule paths', () => {
    expect(describeRule('risk.destructive')).toBe('the risk rule for destructive tools (risk.destructive)');
    expect(describeRule('hide[0]')).toBe('the hide list (hide[0])');
    expect(describeRule(undefined)).toBe('an unnamed rule');
  });
});
